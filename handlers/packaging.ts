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
import { HANDLER_FACTORIES, type FunctionKey, type Handler } from "./index";
import { RUNTIME_CLIENTS, runtimeClientOf } from "./runtimeClients";
import { PROJECT_ROOT, projectCacheDir } from "../config/project";


/** The handler Lambda calls: `exports.handler` of `index.js`. */
export const HANDLER_ENTRY = "index.handler";

/** One bundled function: the files of its code archive, and the hash that names them. */
export interface FunctionBundle {
    /** `index.js` (the bundle) and `index.js.map` (its source map, for stack traces only). */
    files: Readonly<Record<"index.js" | "index.js.map", string>>;
    /** sha256 of the inputs that decide the bundle's content. */
    hash: string;
}

/** Where bundles are cached between processes (inside node_modules, so never committed). */
const CACHE_DIR = projectCacheDir("portcullis-bundles");

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

/** What this process's packaging did, for the benchmark's account of a stack evaluation (times summed per call). */
export const PACKAGING_WORK = { serialized: 0, serializeMs: 0, bundled: 0, bundledFromCache: 0, bundleMs: 0, firstStartMs: Infinity, lastEndMs: -Infinity };

/** Adds one packaging step that ran from `started` until now to {@link PACKAGING_WORK}. */
function recordWork(kind: "serialize" | "bundle", started: number): void {
    const now = Date.now();
    if (kind === "serialize") {
        PACKAGING_WORK.serialized++;
        PACKAGING_WORK.serializeMs += now - started;
    } else {
        PACKAGING_WORK.bundled++;
        PACKAGING_WORK.bundleMs += now - started;
    }
    PACKAGING_WORK.firstStartMs = Math.min(PACKAGING_WORK.firstStartMs, started);
    PACKAGING_WORK.lastEndMs = Math.max(PACKAGING_WORK.lastEndMs, now);
}

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
        PACKAGING_WORK.bundledFromCache++;
        return { files: { "index.js": fs.readFileSync(indexPath, "utf8"), "index.js.map": fs.readFileSync(mapPath, "utf8") }, hash };
    }
    const started = Date.now();
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
    recordWork("bundle", started);
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
 * One function as the closure serializer writes it: a wrapper that, on every call, builds a `with` scope of the
 * function's captured values, creates the function inside it and applies it.
 */
const SERIALIZED_FUNCTION = /^function (__[\w$]+)\(([^)]*)\) \{\n {2}return \(function\(\) \{\n([\s\S]*?)\n {2}\}\)\.apply\(undefined, undefined\)\.apply\(this, arguments\);\n\}$/gm;

/**
 * Builds each serialized function's scope once, on its first call, instead of on every call. Every helper call in
 * a handler otherwise allocated a scope object and a closure and ran its body under `with`, which esbuild cannot
 * compile away (about half of the authorizer's own time per fresh token, measured with a CPU profile). The scope
 * holds only the serialized module's own variables, assigned once before the factory runs, so a scope built on
 * the first call is the one every later call would have built; a captured module variable the function assigns
 * (a lazily loaded module, say) now keeps its value between calls, as it does in the source.
 */
export function reuseClosureScopes(serialized: string): string {
    return serialized.replace(
        SERIALIZED_FUNCTION,
        (_, name: string, params: string, body: string) =>
            `var ${name}$scope;\nfunction ${name}(${params}) {\n  return (${name}$scope || (${name}$scope = (function() {\n${withAsLet(body)}\n  }).apply(undefined, undefined))).apply(this, arguments);\n}`,
    );
}

/** One captured value of a serialized scope: a name (`__f3`, `global.Error`), a string or a number, then `, `. */
const SCOPE_ENTRY = /([\w$]+): ([\w$.]+|"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?), /y;
/** A serialized function's scope: `with({ name: value, ..., this: undefined, arguments: undefined }) { body }`. */
const WITH_SCOPE = /^ {4}with\(\{ ([\s\S]*?)this: undefined, arguments: undefined \}\) \{\n([\s\S]*)\n {4}\}$/;

/**
 * The same scope as `let` bindings, when every captured value is a name, a string or a number (all the
 * serializer writes for these handlers), so esbuild can resolve, rename and inline them; `with` forces a dynamic
 * lookup of every free name in the body. The body goes in a block of its own, so a declaration there may shadow
 * a binding as it could shadow the scope. Any other form is left as it is.
 */
function withAsLet(body: string): string {
    const m = WITH_SCOPE.exec(body);
    if (m === null) return body;
    const bindings: string[] = [];
    SCOPE_ENTRY.lastIndex = 0;
    while (SCOPE_ENTRY.lastIndex < m[1].length) {
        const entry = SCOPE_ENTRY.exec(m[1]);
        if (entry === null) return body;
        bindings.push(`${entry[1]} = ${entry[2]}`);
    }
    return `${bindings.length === 0 ? "" : `    let ${bindings.join(", ")};\n`}    {\n${m[2]}\n    }`;
}

/** `pulumi.runtime.serializeFunction` as CallbackFunction calls it, timed into {@link PACKAGING_WORK}. */
async function serializeFunction(factory: () => Handler): Promise<string> {
    const started = Date.now();
    const serialized = await pulumi.runtime.serializeFunction(factory, { isFactoryFunction: true, exportName: "handler" });
    recordWork("serialize", started);
    return serialized.text;
}

/**
 * Serializes a callback factory as `aws.lambda.CallbackFunction` does (`isFactoryFunction`, exported as
 * `handler`) and bundles it, each serialized function's scope built once ({@link reuseClosureScopes}).
 */
export async function bundleFactory(label: string, factory: () => Handler): Promise<FunctionBundle> {
    return bundleCode(label, reuseClosureScopes(await serializeFunction(factory)));
}

const bundles = new Map<FunctionKey, Promise<FunctionBundle>>();

/** The bundle of one of the stack's functions (memoized per process). */
export function bundleFunction(name: FunctionKey): Promise<FunctionBundle> {
    let bundle = bundles.get(name);
    if (bundle === undefined) {
        bundle = bundleFactory(name, HANDLER_FACTORIES[name]);
        bundles.set(name, bundle);
        bundle.catch(() => bundles.delete(name));
    }
    return bundle;
}
