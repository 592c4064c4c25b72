import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT_ROOT } from "../config/project";
import { readStackFile } from "../config/stackFile";
import { awsMocks } from "./mocks";

/** The repository root: the Pulumi project directory. */
/** The Pulumi project name, as in Pulumi.yaml. */
export const PROJECT = "portcullis";

/** A Pulumi program of this repository: its directory (Pulumi.yaml, index.ts, stack files) and project name. */
export interface ProgramLocation {
    readonly root: string;
    readonly project: string;
}

/** The main program (the repository root). */
export const MAIN_PROGRAM: ProgramLocation = Object.freeze({ root: PROJECT_ROOT, project: PROJECT });
/** The bootstrap program, run once per account (`bootstrap/`). */
export const BOOTSTRAP_PROGRAM: ProgramLocation = Object.freeze({ root: path.join(PROJECT_ROOT, "bootstrap"), project: "portcullis-bootstrap" });

/** One resource the program registered, with the options the engine would see. */
export interface CapturedResource {
    type: string;
    name: string;
    urn: string;
    /** Inputs as the program passed them, resolved (what `pulumi preview` would show). */
    inputs: Record<string, any>;
    /** The state the mocked cloud answered with: the inputs plus computed outputs such as `arn` and `id`. */
    outputs: Record<string, any>;
    /** The parent's `type::name`, or undefined for resources parented to the stack. */
    parent?: string;
    protect: boolean;
    /** `type::name` of an explicit provider, when one was passed. */
    provider?: string;
    /** True for a custom resource (a provider creates it), false for a component: only custom ones have a provider. */
    custom: boolean;
    dependsOn: string[];
}

export interface EvaluatedStack {
    resources: CapturedResource[];
    /** The config the program ran with, `namespace:key` to value (the stack file plus overrides). */
    config: Readonly<Record<string, string>>;
    outputs: Record<string, unknown>;
    /** Resources of a type, in registration order. */
    ofType(type: string): CapturedResource[];
    /** The single resource of a type whose name ends with `suffix`; throws when there is not exactly one. */
    one(type: string, suffix?: string): CapturedResource;
    /**
     * The code archive a Lambda function resource would upload: each file's text by its path in the archive
     * (`index.js` and `index.js.map`). Mocks never see archive contents, so they are read from the program's own
     * AssetArchive.
     */
    functionCode(fn: CapturedResource): Promise<Record<string, string>>;
}

/** Reads `Pulumi.<stack>.yaml` into the flat `namespace:key` map of strings the engine passes to programs. */
export function stackConfig(stack: string, program: ProgramLocation = MAIN_PROGRAM): Record<string, string> {
    return Object.fromEntries(
        Object.entries(readStackFile(stack, program.root)).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

/**
 * Lets `require` load the program's TypeScript. Mocha and ts-node runs have registered ts-node already; `npm
 * start` runs from a JavaScript bundle (local/start.js), which needs it only here, on a program-cache miss.
 */
function compileTypeScript(): void {
    if (require.extensions[".ts"] === undefined) require("ts-node").register({ transpileOnly: true });
}

/**
 * Drops index.ts from the require cache so the next import runs the program afresh. Only index.ts creates
 * resources; the modules it imports hold no state, so they stay loaded (and the runner keeps its own state).
 */
function forgetProgram(program: ProgramLocation): void {
    delete require.cache[require.resolve(path.join(program.root, "index.ts"))];
}

const nameOf = (r: pulumi.Resource, known: WeakMap<pulumi.Resource, string>) => known.get(r);

/**
 * Evaluates `index.ts` for a stack under mocks, with that stack's real config file (plus `overrides`, raw
 * `namespace:key` values), and returns every resource with its inputs, parent, protection and provider.
 * Runs as `pulumi up` would (preview = false), so every `apply` runs.
 */
export function evaluateStack(stack: string, overrides: Record<string, string | undefined> = {},
    program: ProgramLocation = MAIN_PROGRAM): Promise<EvaluatedStack> {
    // Evaluating a stack serializes every function, which takes seconds; test files share one evaluation per
    // stack and overrides in the mocha process. Results are read-only by convention.
    const key = `${program.root}\0${stack}\0${JSON.stringify(overrides)}`;
    let pending = evaluations.get(key);
    if (!pending) {
        pending = evaluate(stack, overrides, program);
        evaluations.set(key, pending);
        // A failed evaluation (config error tests) is not worth keeping.
        pending.catch(() => evaluations.delete(key));
    }
    return pending;
}

const evaluations = new Map<string, Promise<EvaluatedStack>>();

/** Mocks run one program at a time: evaluations queue behind each other. */
let queue: Promise<unknown> = Promise.resolve();

function evaluate(stack: string, overrides: Record<string, string | undefined>, program: ProgramLocation): Promise<EvaluatedStack> {
    const config: Record<string, string> = stackConfig(stack, program);
    for (const [k, v] of Object.entries(overrides)) {
        if (v === undefined) delete config[k];
        else config[k] = v;
    }
    return queued(() => evaluateOnce(stack, program.project, config, () => {
        compileTypeScript();
        forgetProgram(program);
        return require(path.join(program.root, "index.ts")) as Record<string, unknown>;
    }));
}

function queued<T>(run: () => Promise<T>): Promise<T> {
    const result = queue.then(run);
    queue = result.catch(() => undefined);
    return result;
}

/**
 * Runs `build` as a program under mocks, as a component test does: the components it creates from explicit
 * inputs, and nothing else, are captured like {@link evaluateStack}'s resources; what it returns are the outputs.
 * No stack file and no Pulumi config are read (`aws:region` aside, for the mocks and providers).
 */
export function evaluateComponents(build: () => Record<string, unknown>, options: { stack?: string; region?: string } = {}): Promise<EvaluatedStack> {
    const { stack = "test", region = "eu-west-1" } = options;
    return queued(() => evaluateOnce(stack, PROJECT, { "aws:region": region }, build));
}

async function evaluateOnce(stack: string, project: string, config: Record<string, string>, build: () => Record<string, unknown>): Promise<EvaluatedStack> {
    const region = config["aws:region"] ?? "us-east-1";
    const mocks = awsMocks(region);
    const resources: CapturedResource[] = [];
    const known = new WeakMap<pulumi.Resource, string>();
    const byKey = new Map<string, CapturedResource>();
    const archives = new Map<string, pulumi.Output<pulumi.asset.AssetArchive>>();

    const recordingMocks: pulumi.runtime.Mocks = {
        newResource(args) {
            const result = mocks.newResource(args) as pulumi.runtime.MockResourceResult;
            const entry = byKey.get(`${args.type}::${args.name}`);
            if (entry) {
                entry.inputs = args.inputs;
                entry.outputs = { id: result.id, ...result.state };
                entry.custom = args.custom === true;
            }
            return result;
        },
        call: (args) => mocks.call(args),
    };
    await pulumi.runtime.setMocks(recordingMocks, project, stack, false);
    pulumi.runtime.setAllConfig(config, []);

    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    let outputs: Record<string, unknown> = {};
    try {
        await runProgram();
    } catch (e) {
        // Tests of config errors assert that nothing was created before the failure.
        throw Object.assign(e as Error, { resources });
    }
    async function runProgram() {
        await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((args) => {
                const id = `${args.type}::${args.name}`;
                known.set(args.resource, id);
                const opts = args.opts as pulumi.CustomResourceOptions;
                const captured: CapturedResource = {
                    type: args.type,
                    name: args.name,
                    urn: `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`,
                    inputs: {},
                    outputs: {},
                    parent: opts.parent ? nameOf(opts.parent, known) : undefined,
                    protect: opts.protect === true,
                    provider: opts.provider ? nameOf(opts.provider as unknown as pulumi.Resource, known) : undefined,
                    // Known once the resource registers (`newResource` above): the flag is set after transformations run.
                    custom: false,
                    dependsOn: ([] as pulumi.Input<pulumi.Resource>[])
                        .concat((opts.dependsOn as pulumi.Input<pulumi.Resource>[] | undefined) ?? [])
                        .map((d) => nameOf(d as pulumi.Resource, known) ?? "?"),
                };
                resources.push(captured);
                byKey.set(id, captured);
                if (args.type === "aws:lambda/function:Function") archives.set(id, args.props.code as unknown as pulumi.Output<pulumi.asset.AssetArchive>);
                return undefined;
            });
            const exported = build();
            outputs = exported;
            return exported;
        });
        await settings.waitForRPCs();
    }
    const resolved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outputs)) {
        resolved[k] = pulumi.Output.isInstance(v) ? await outputValue(v) : v;
    }
    return {
        resources,
        config: Object.freeze({ ...config }),
        outputs: resolved,
        ofType: (type) => resources.filter((r) => r.type === type),
        async functionCode(fn) {
            const archive = archives.get(`${fn.type}::${fn.name}`);
            if (!archive) throw new Error(`${fn.name} is not a Lambda function of this stack`);
            const assets = await (await outputValue(archive)).assets;
            const files: Record<string, string> = {};
            for (const [file, asset] of Object.entries(assets).sort(([a], [b]) => a.localeCompare(b))) {
                // Duck-typed: the archive may come from another copy of the SDK's asset classes than ours.
                const text = (asset as Partial<pulumi.asset.StringAsset>).text;
                if (text === undefined) throw new Error(`${fn.name}'s archive holds ${file}, which is not a StringAsset (a bundle is text only)`);
                files[file] = await text;
            }
            return files;
        },
        one(type, suffix = "") {
            const found = resources.filter((r) => r.type === type && r.name.endsWith(suffix));
            if (found.length !== 1) {
                throw new Error(`expected one ${type} named *${suffix}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
            }
            return found[0];
        },
    };
}

/** The resolved value of an Output (works under mocks with preview = false). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}
