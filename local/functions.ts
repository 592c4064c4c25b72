import { names } from "../components/naming";
import type { FunctionKey, Handler } from "../handlers";
import { LocalEnvironmentError, localEnvironment, type LocalTargets } from "./environment";
import { programCache, programKey } from "./programCache";
import { loadPackage, packageFromFiles, type FunctionPackage } from "../harness/packages";

/** One Lambda function as the stack program would deploy it. */
export interface StackFunction {
    /** The handler key, as the gateway invokes it. */
    name: FunctionKey;
    /** The physical name, e.g. `portcullis-dev-health`. */
    functionName: string;
    /** `environment.variables` as the program sets them. */
    programEnv: Readonly<Record<string, string>>;
    /** The code the program would upload (its bundle and source map), laid out as a package. */
    pkg: FunctionPackage;
}

/** A function of the stack with the environment it runs with locally. */
export interface LocalFunction extends StackFunction {
    environment: Readonly<Record<string, string>>;
}

/**
 * Every Lambda function of the stack program evaluated under mocks, with its code exactly as it would upload and
 * its environment as the program sets it. The result is cached on disk by {@link programKey} (a hash of every
 * source, the stack file and the lockfile), so a start with unchanged sources skips the evaluation; `cached` says
 * whether it did.
 *
 * @param stack - the stack whose config the program runs with.
 * @param prefix - the stack's resource prefix, which names each function after its handler key.
 * @param overrides - raw `namespace:key` config values laid over the stack file, as `pulumi config set` would.
 */
export async function stackFunctions(stack: string, prefix: string, overrides: Record<string, unknown>): Promise<{ functions: StackFunction[]; cached: boolean }> {
    const raw = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    const cache = programCache<CachedFunction[]>(stack, programKey(stack, raw));
    let entries = cache.read();
    const cached = entries !== undefined;
    if (entries === undefined) {
        entries = await evaluateFunctions(stack, prefix, raw);
        cache.write(entries);
    }
    return { functions: entries.map((e) => ({ name: e.name, functionName: e.functionName, programEnv: e.programEnv, pkg: packageFromFiles(e.name, e.files) })), cached };
}

/** What the cache keeps of each function: everything {@link StackFunction} holds, the package as its files. */
interface CachedFunction {
    name: FunctionKey;
    functionName: string;
    programEnv: Record<string, string>;
    files: Record<string, string>;
}

/** Evaluates the program under mocks (seconds) and reads each function's name, environment and code archive. */
async function evaluateFunctions(stack: string, prefix: string, raw: Record<string, string>): Promise<CachedFunction[]> {
    // Loaded here only: the evaluator imports @pulumi/pulumi and the handlers the AWS SDK, which take seconds to
    // load, and a cache hit needs neither.
    const [{ evaluateStack }, { HANDLER_FACTORIES }] = await Promise.all([import("../harness/evaluate"), import("../handlers")]);
    const evaluated = await evaluateStack(stack, raw);
    const byPhysicalName = new Map((Object.keys(HANDLER_FACTORIES) as FunctionKey[]).map((key) => [names.function(prefix, key), key]));
    return Promise.all(
        evaluated.ofType("aws:lambda/function:Function").map(async (fn) => {
            const name = byPhysicalName.get(fn.inputs.name);
            if (name === undefined) throw new LocalEnvironmentError(`The ${stack} stack deploys ${fn.inputs.name}, which no handler of handlers/index.ts is named after`);
            const programEnv: Record<string, string> = fn.inputs.environment?.variables ?? {};
            return { name, functionName: fn.inputs.name as string, programEnv, files: await evaluated.functionCode(fn) };
        }),
    );
}

/**
 * Each function with its local environment ({@link localEnvironment}).
 *
 * @throws {LocalEnvironmentError} naming every function and variable local mode cannot serve, all at once.
 */
export function localFunctions(functions: readonly StackFunction[], targets: LocalTargets): LocalFunction[] {
    const problems: string[] = [];
    const local = functions.flatMap((fn) => {
        try {
            return [{ ...fn, environment: localEnvironment(fn.programEnv, targets) }];
        } catch (err) {
            if (!(err instanceof LocalEnvironmentError)) throw err;
            problems.push(`${fn.functionName}: ${err.message}`);
            return [];
        }
    });
    if (problems.length > 0) {
        throw new LocalEnvironmentError(`Local mode cannot run the stack's functions as deployed (see local/environment.ts):\n  ${problems.join("\n  ")}`);
    }
    return local;
}

/**
 * Loads a function as a cold start does, in the package sandbox (harness/packages.ts): its factory runs with
 * exactly its environment, and nothing it does not ship resolves. No other function's variables, nor this
 * process's, are visible to it.
 */
export function loadFunction(fn: LocalFunction): Handler {
    return loadPackage(fn.pkg, fn.environment);
}
