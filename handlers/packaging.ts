/**
 * How a function's code becomes its deployment package: one minified `index.js` and its source map.
 *
 * The program still authors each handler as a callback factory (`HANDLER_FACTORIES`). The closure serializer
 * (`pulumi.runtime.serializeFunction`, what `aws.lambda.CallbackFunction` uses) turns the factory into a
 * `__index.js` that `require`s the npm packages it reaches; esbuild then bundles that file with everything it
 * requires into one tree-shaken, minified file. Two reasons not to ship CallbackFunction's node_modules copy:
 * - Self-containment. A package may rely only on what it ships and on {@link RUNTIME_CLIENTS}. The old copy left
 *   out `@smithy/*` modules that aws-xray-sdk-core requires at load, which the nodejs22.x runtime does not
 *   guarantee (aws/aws-cdk#33099: `@smithy/service-error-classification` missing there), so a traced function,
 *   the migration run during `pulumi up` included, could fail at its first cold start.
 * - Cold start. Node resolves and reads one file instead of about 290, and the serializer's per-call
 *   `with ({ ... })` scopes are gone from the hot path once esbuild has compiled them away.
 *
 * Bundles are cached on disk by the hash of everything that decides their content (the serialized text, the
 * lockfile, esbuild's version and options), so a stack evaluation bundles only what changed.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";
import { HANDLER_FACTORIES, type FunctionName, type Handler } from "./index";
import { RUNTIME_CLIENTS, runtimeClientOf } from "./runtimeClients";

export { RUNTIME_CLIENTS, runtimeClientOf };

/** The handler Lambda calls: `exports.handler` of `index.js`. */
export const HANDLER_ENTRY = "index.handler";

/** One bundled function: the files of its code archive, and the hash that names them. */
export interface FunctionBundle {
    /** `index.js` (the bundle) and `index.js.map` (its source map, for stack traces only). */
    files: Readonly<Record<"index.js" | "index.js.map", string>>;
    /** sha256 of the inputs that decide the bundle's content. */
    hash: string;
}

const PROJECT_ROOT = path.resolve(__dirname, "..");
/** Where bundles are cached between processes (inside node_modules, so never committed). */
const CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "portcullis-bundles");

/**
 * esbuild options every function shares. `target` is the runtime's Node major; the serialized entry is CommonJS
 * and so is the output. Runtime clients stay `require`s, mapped from the serializer's
 * `<client>/dist-cjs/index.js` to the package name so they resolve against whatever copy the runtime has.
 */
const BUILD_OPTIONS = {
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    // ES module builds where packages have them (the SDK's do): esbuild can drop unused exports only from those.
    mainFields: ["module", "main"],
    minify: true,
    treeShaking: true,
    sourcemap: "linked",
    sourcesContent: false,
    legalComments: "none",
    logLevel: "silent",
} as const satisfies esbuild.BuildOptions;

const BARE = Symbol("bare");
const runtimeClients: esbuild.Plugin = {
    name: "runtime-clients",
    setup(build) {
        build.onResolve({ filter: /^@aws-sdk\/client-/ }, (args) => {
            const client = runtimeClientOf(args.path);
            if (client !== undefined) return { path: client, external: true };
            // Any other client, or a deep import of one, would be bundled in part or fail in the runtime.
            return { errors: [{ text: `${args.path} is not an allowlisted runtime client (handlers/packaging.ts RUNTIME_CLIENTS: ${RUNTIME_CLIENTS.join(", ")})` }] };
        });
        // The serializer names a package by the file Node resolved (`<package>/dist-cjs/index.js`); asking for the
        // package instead lets esbuild take its ES module build, which it can tree-shake (the S3 presigner and the
        // CloudFront signer otherwise bring all of @smithy/core's CommonJS bundle).
        build.onResolve({ filter: /^(@[^/]+\/)?[^/@]+\/dist-cjs\/index\.js$/ }, async (args) => {
            if (args.pluginData === BARE || runtimeClientOf(args.path) !== undefined) return undefined;
            const bare = args.path.slice(0, -"/dist-cjs/index.js".length);
            const resolved = await build.resolve(bare, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: BARE });
            return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, sideEffects: resolved.sideEffects };
        });
    },
};

let lockHash: string | undefined;
function lockfileHash(): string {
    lockHash ??= crypto.createHash("sha256").update(fs.readFileSync(path.join(PROJECT_ROOT, "package-lock.json"))).digest("hex");
    return lockHash;
}

/**
 * Bundles already-serialized entry code (a `__index.js` exporting `handler`) into a {@link FunctionBundle},
 * from the disk cache when the same inputs were bundled before.
 *
 * @param label - names the entry in errors and in the source map.
 * @param entry - the serialized code.
 */
export async function bundleCode(label: string, entry: string): Promise<FunctionBundle> {
    const hash = crypto
        .createHash("sha256")
        // This file's own text stands for the options and plugins, so changing how bundles are built rebuilds them.
        .update(JSON.stringify([esbuild.version, lockfileHash(), label, fs.readFileSync(__filename, "utf8")]))
        .update(entry)
        .digest("hex");
    const dir = path.join(CACHE_DIR, hash);
    const indexPath = path.join(dir, "index.js");
    const mapPath = path.join(dir, "index.js.map");
    if (fs.existsSync(mapPath)) {
        return { files: { "index.js": fs.readFileSync(indexPath, "utf8"), "index.js.map": fs.readFileSync(mapPath, "utf8") }, hash };
    }
    let result: esbuild.BuildResult<{ write: false; outfile: string }>;
    try {
        result = await esbuild.build({
            ...BUILD_OPTIONS,
            stdin: { contents: entry, resolveDir: PROJECT_ROOT, sourcefile: `${label}/__index.js`, loader: "js" },
            outfile: indexPath,
            write: false,
            plugins: [runtimeClients],
        });
    } catch (err) {
        const errors = (err as esbuild.BuildFailure).errors ?? [];
        throw new Error(`Bundling the ${label} function failed: ${errors.map((e) => e.text).join("; ") || (err as Error).message}`);
    }
    const out = (suffix: string) => result.outputFiles.find((f) => f.path.endsWith(suffix)) as esbuild.OutputFile;
    const files = { "index.js": out("index.js").text, "index.js.map": out("index.js.map").text };
    // Written to a fresh directory and renamed, so a concurrent process never reads half a bundle.
    const tmp = `${dir}.${process.pid}.${crypto.randomUUID()}`;
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, "index.js"), files["index.js"]);
    fs.writeFileSync(path.join(tmp, "index.js.map"), files["index.js.map"]);
    try {
        fs.renameSync(tmp, dir);
    } catch {
        fs.rmSync(tmp, { recursive: true, force: true }); // another process got there first with the same content
    }
    return { files, hash };
}

/**
 * Serializes a callback factory as `aws.lambda.CallbackFunction` does (`isFactoryFunction`, exported as
 * `handler`) and bundles it.
 */
export async function bundleFactory(label: string, factory: () => Handler): Promise<FunctionBundle> {
    const serialized = await pulumi.runtime.serializeFunction(factory, { isFactoryFunction: true, exportName: "handler" });
    return bundleCode(label, serialized.text);
}

const bundles = new Map<FunctionName, Promise<FunctionBundle>>();

/** The bundle of one of the stack's functions (memoized per process). */
export function bundleFunction(name: FunctionName): Promise<FunctionBundle> {
    let bundle = bundles.get(name);
    if (bundle === undefined) {
        bundle = bundleFactory(name, HANDLER_FACTORIES[name]);
        bundles.set(name, bundle);
        bundle.catch(() => bundles.delete(name));
    }
    return bundle;
}
