import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { FunctionName, Handler, HANDLER_FACTORIES } from "../../handlers";
import { excludedPackagesFor } from "../../handlers/packaging";

/**
 * The function packages exactly as `aws.lambda.CallbackFunction` builds them, so tests and the benchmark run the
 * code that would ship, never the TypeScript source.
 *
 * CallbackFunction serializes the factory with `serializeFunction(factory, { isFactoryFunction: true })` into
 * `__index.js` and adds the folders `computeCodePaths({ extraExcludePackages })` returns; this does the same with
 * the same exclusion list. Around each package, a `node_modules` one level up stands in for the runtime's
 * /var/runtime/node_modules: it links only the scopes the nodejs22.x runtime provides (`@aws-sdk`, `@smithy`), so a
 * package that forgot a dependency fails here as it would in Lambda instead of finding it in the project.
 */

/** Root of the project (where package.json is); code paths are computed relative to it, as Pulumi does. */
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
/** Scopes the emulated runtime provides. */
const RUNTIME_SCOPES = ["@aws-sdk", "@smithy"];

/** One serialized function package on disk. */
export interface SerializedPackage {
    name: FunctionName;
    /** The package root: `__index.js` and `node_modules/`, what the code archive would contain. */
    dir: string;
    /** Path of `__index.js`. */
    indexPath: string;
    /** Files and bytes of everything in `dir` (symbolic links are not used inside it). */
    files: number;
    bytes: number;
    /** Bytes of `__index.js` alone. */
    indexBytes: number;
    /** Package folders that ship, relative to the project (e.g. `node_modules/jose`). */
    shippedPaths: string[];
}

const codePaths = new Map<string, Promise<string[]>>();
let runtimeRoot: string | undefined;
const packages = new Map<FunctionName, Promise<SerializedPackage>>();

/**
 * The node_modules folders a function ships, as CallbackFunction computes them with the function's exclusions.
 * Cached per exclusion set: Arborist reads the whole tree each time.
 */
export function shippedPaths(name: FunctionName): Promise<string[]> {
    const excluded = excludedPackagesFor(name);
    const cacheKey = excluded.join(",");
    let paths = codePaths.get(cacheKey);
    if (paths === undefined) {
        paths = (async () => {
            // Pulumi resolves package.json and the paths it returns against the working directory.
            const cwd = process.cwd();
            process.chdir(PROJECT_ROOT);
            try {
                const map = await pulumi.runtime.computeCodePaths({ extraExcludePackages: excluded });
                return [...map.keys()].sort();
            } finally {
                process.chdir(cwd);
            }
        })();
        codePaths.set(cacheKey, paths);
    }
    return paths;
}

/** A temp dir whose `node_modules` plays the Lambda runtime's; packages are created below it. */
function emulatedRuntime(): string {
    if (runtimeRoot === undefined) {
        runtimeRoot = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-packages-"));
        fs.mkdirSync(path.join(runtimeRoot, "node_modules"));
        for (const scope of RUNTIME_SCOPES) {
            fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules", scope), path.join(runtimeRoot, "node_modules", scope), "dir");
        }
        process.once("exit", () => fs.rmSync(runtimeRoot as string, { recursive: true, force: true }));
    }
    return runtimeRoot;
}

function measure(dir: string): { files: number; bytes: number } {
    let files = 0;
    let bytes = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile()) continue;
        files++;
        bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    }
    return { files, bytes };
}

/**
 * Lays a package out as its code archive would unpack: a fresh directory below the emulated runtime with
 * `__index.js` holding `index` and a copy of each shipped folder. The one layout every package here has.
 */
function layOut(name: FunctionName, index: string, shipped: string[]): SerializedPackage {
    const dir = fs.mkdtempSync(path.join(emulatedRuntime(), `${name}-`));
    const indexPath = path.join(dir, "__index.js");
    fs.writeFileSync(indexPath, index);
    for (const rel of shipped) {
        fs.cpSync(path.join(PROJECT_ROOT, rel), path.join(dir, rel), { recursive: true, dereference: true });
    }
    return { name, dir, indexPath, ...measure(dir), indexBytes: Buffer.byteLength(index), shippedPaths: shipped };
}

/**
 * Serializes `HANDLER_FACTORIES[name]` as CallbackFunction would, into a fresh directory with `__index.js` and
 * a copy of the node_modules that would ship. Cached per process: each function is serialized once.
 */
export function serializePackage(name: FunctionName): Promise<SerializedPackage> {
    let pkg = packages.get(name);
    if (pkg === undefined) {
        pkg = (async () => {
            const serialized = await pulumi.runtime.serializeFunction(HANDLER_FACTORIES[name], { isFactoryFunction: true, exportName: "handler" });
            return layOut(name, serialized.text, await shippedPaths(name));
        })();
        packages.set(name, pkg);
    }
    return pkg;
}

const fromCode = new Map<string, SerializedPackage>();

/**
 * The package of code taken from a program (e.g. `EvaluatedStack.functionCode`: the `__index.js` text and the
 * shipped folders), laid out like {@link serializePackage}'s. Cached per process by name and content.
 */
export function packageFromCode(name: FunctionName, code: { index: string; paths: string[] }): SerializedPackage {
    const key = `${name}\0${code.paths.join(",")}\0${crypto.createHash("sha256").update(code.index).digest("hex")}`;
    let pkg = fromCode.get(key);
    if (pkg === undefined) {
        pkg = layOut(name, code.index, [...code.paths]);
        fromCode.set(key, pkg);
    }
    return pkg;
}

/**
 * Sets `env` in `process.env` (as Lambda sets the function's variables before loading it), then requires the
 * serialized package, which runs the factory once, as a cold start does. Returns the exported `handler`.
 *
 * @param name - the function.
 * @param env - its environment variables; they stay set for the rest of the process.
 */
export async function loadPackage<H extends Handler = Handler>(name: FunctionName, env: Record<string, string>): Promise<H> {
    const pkg = await serializePackage(name);
    Object.assign(process.env, env);
    return requirePackage<H>(pkg);
}

/**
 * Requires a package afresh (its factory runs once, as a cold start does) with whatever `process.env` holds, and
 * returns the exported `handler`.
 */
export function requirePackage<H extends Handler = Handler>(pkg: SerializedPackage): H {
    delete require.cache[pkg.indexPath];
    return (require(pkg.indexPath) as { handler: H }).handler;
}
