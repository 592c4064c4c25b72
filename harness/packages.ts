import * as crypto from "crypto";
import * as fs from "fs";
import { isBuiltin } from "module";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import * as esbuild from "esbuild";
import type { FunctionKey, Handler } from "../handlers";
import type { FunctionBundle } from "../handlers/packaging";
import { RUNTIME_CLIENTS, runtimeClientOf } from "../handlers/runtimeClients";
import { writeFileAtomically } from "../local/atomicFile";
import { PROJECT_ROOT, projectCacheDir } from "../config/project";

/**
 * The one package loader for tests, local mode and the benchmark: function packages exactly as the program
 * uploads them (`handlers/packaging.ts`), loaded where nothing outside the package resolves.
 *
 * A package is laid out in a fresh directory under the OS temp dir (outside the repository, so no parent
 * node_modules can answer a `require`). {@link loadPackage} runs it in this process inside a sandbox: its
 * `require` gives only `node:` built-ins and the allowlisted runtime clients ({@link RUNTIME_CLIENTS}) and refuses
 * everything else, as Lambda would; its `process.env` is exactly the function's variables, so nothing leaks into
 * or out of the test process. The runtime clients themselves load inside the same sandbox (each bundled once from
 * the project's copy, standing in for /var/runtime/node_modules), so the SDK, too, reads only the function's
 * region, endpoints and credentials. For a fresh Node process (the benchmark's cold starts), {@link runtimeNodePath}
 * is a folder holding only the runtime clients, for `NODE_PATH`.
 */


/** One function package on disk, as its code archive would unpack. */
export interface FunctionPackage {
    /** The function (or, for test and benchmark packages, a label). */
    name: string;
    /** The package root: `index.js` and `index.js.map`. */
    dir: string;
    /** Path of `index.js`. */
    indexPath: string;
    /** Files and bytes of everything in `dir`. */
    files: number;
    bytes: number;
    /** Bytes of `index.js` alone. */
    indexBytes: number;
}

/** Raised when a package requires a module it does not ship and the runtime does not provide. */
export class UnshippedModuleError extends Error {
    /** As Node's own resolution failure, so code that probes optional modules (try/require) behaves alike. */
    readonly code = "MODULE_NOT_FOUND";
    constructor(pkg: string, request: string) {
        super(
            `Cannot find module '${request}': the ${pkg} package does not ship it and the Lambda runtime does not provide it ` +
                `(a package may load only node: built-ins and ${RUNTIME_CLIENTS.join(", ")}; see handlers/packaging.ts)`,
        );
        this.name = "UnshippedModuleError";
    }
}

let packagesRoot: string | undefined;
/** A temp dir (removed at exit) that holds every package this process lays out. */
function root(): string {
    if (packagesRoot === undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-packages-"));
        packagesRoot = dir;
        process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    return packagesRoot;
}

/** Lays out the files of a code archive in a fresh directory; the one layout every package here has. */
export function layOut(name: string, files: Readonly<Record<string, string>>): FunctionPackage {
    if (files["index.js"] === undefined) throw new Error(`The ${name} package has no index.js (files: ${Object.keys(files).join(", ") || "none"})`);
    const dir = fs.mkdtempSync(path.join(root(), `${name}-`));
    let bytes = 0;
    for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
        bytes += Buffer.byteLength(text);
    }
    return { name, dir, indexPath: path.join(dir, "index.js"), files: Object.keys(files).length, bytes, indexBytes: Buffer.byteLength(files["index.js"]) };
}

const built = new Map<string, FunctionPackage>();
function fromBundle(name: string, bundle: FunctionBundle): FunctionPackage {
    const key = `${name}\0${bundle.hash}`;
    let pkg = built.get(key);
    if (pkg === undefined) {
        pkg = layOut(name, bundle.files);
        built.set(key, pkg);
    }
    return pkg;
}

/**
 * handlers/packaging.ts, loaded only to bundle: it imports Pulumi's serializer, which takes seconds to load, and
 * `npm start` on a warm program cache lays packages out from their cached files without bundling anything.
 */
const bundler = () => import("../handlers/packaging");

/** The package of one of the stack's functions, bundled as the program bundles it (memoized per process). */
export async function buildPackage(name: FunctionKey): Promise<FunctionPackage> {
    return fromBundle(name, await (await bundler()).bundleFunction(name));
}

/** A package of any callback factory, bundled like the stack's (the benchmark's hello-worlds, tests' broken packages). */
export async function packageOfFactory(label: string, factory: () => Handler): Promise<FunctionPackage> {
    return fromBundle(label, await (await bundler()).bundleFactory(label, factory));
}

/** A package of hand-written entry code (a CommonJS file exporting `handler`), bundled like the stack's. */
export async function packageOfCode(label: string, entry: string): Promise<FunctionPackage> {
    return fromBundle(label, await (await bundler()).bundleCode(label, entry));
}

/**
 * The package of code taken from a program (`EvaluatedStack.functionCode`: its archive's files), laid out like
 * {@link buildPackage}'s. Cached per process by name and content.
 */
export function packageFromFiles(name: string, files: Readonly<Record<string, string>>): FunctionPackage {
    const hash = crypto.createHash("sha256").update(JSON.stringify(Object.entries(files).sort())).digest("hex");
    return fromBundle(name, { files: files as FunctionBundle["files"], hash });
}

/** Runtime clients bundled on their own (no externals), compiled once per process. */
const clientCode = new Map<string, string>();
function runtimeClientCode(client: string): string {
    let code = clientCode.get(client);
    if (code === undefined) {
        const version = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "node_modules", client, "package.json"), "utf8")) as { version: string }).version;
        const file = path.join(projectCacheDir("portcullis-runtime"), `${client.replace("/", "+")}@${version}-${esbuild.version}.js`);
        if (!fs.existsSync(file)) {
            const result = esbuild.buildSync({
                stdin: { contents: `module.exports = require(${JSON.stringify(client)});`, resolveDir: PROJECT_ROOT, loader: "js" },
                bundle: true,
                platform: "node",
                target: "node22",
                format: "cjs",
                write: false,
                logLevel: "silent",
            });
            writeFileAtomically(file, result.outputFiles[0].text);
        }
        code = fs.readFileSync(file, "utf8");
        clientCode.set(client, code);
    }
    return code;
}

/** Warnings any sandbox emitted: each is shown once per process, as a module's own once-only flag would. */
const warned = new Set<string>();
function emitWarningOnce(warning: string | Error, ...rest: unknown[]): void {
    const key = String(warning);
    if (warned.has(key)) return;
    warned.add(key);
    (process.emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}

/** The `process` a sandboxed package sees: the real one, except `env`, which is exactly the function's variables. */
function sandboxProcess(env: Record<string, string>): NodeJS.Process {
    return new Proxy(process, {
        get: (target, prop) => (prop === "env" ? env : prop === "emitWarning" ? emitWarningOnce : Reflect.get(target, prop, target)),
        set: (target, prop, value) => (prop === "env" ? false : Reflect.set(target, prop, value, target)),
    });
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string, process: NodeJS.Process) => void;

/**
 * Each file compiled once per process, as a script that evaluates to the CommonJS wrapper function. Running the
 * script again makes a new wrapper, so every sandbox still gets its own module state, but V8 parses and compiles
 * the code once: the runtime clients (a megabyte or more each) load into nearly every function's sandbox.
 */
const compiled = new Map<string, vm.Script>();
function compile(code: string, filename: string): vm.Script {
    const key = `${filename}\0${code}`;
    let script = compiled.get(key);
    if (script === undefined) {
        // The wrapper's head on a line of its own, counted as line 0: stack traces keep the file's lines and columns.
        script = new vm.Script(`(function (exports, require, module, __filename, __dirname, process) {\n${code}\n})`, { filename, lineOffset: -1 });
        compiled.set(key, script);
    }
    return script;
}

const moduleWrapper = (code: string, filename: string) => compile(code, filename).runInThisContext() as ModuleWrapper;

/** Where a runtime client appears to load from, as in Lambda's /var/runtime/node_modules. */
const runtimeClientFile = (client: string) => `/var/runtime/node_modules/${client}/index.js`;

/**
 * Compiles the packages' code and every runtime client now, running none of it, so that loading them later
 * ({@link loadPackage}) only runs it. `npm start` does this while it waits for the stand-ins.
 */
export function precompilePackages(packages: readonly FunctionPackage[]): void {
    for (const client of RUNTIME_CLIENTS) compile(runtimeClientCode(client), runtimeClientFile(client));
    for (const pkg of packages) compile(fs.readFileSync(pkg.indexPath, "utf8"), pkg.indexPath);
}

/**
 * Runs one CommonJS file inside the sandbox and returns its `module.exports`. The file sees `require`, `process`,
 * `module`, `exports`, `__filename` and `__dirname` from the sandbox only.
 */
function runModule(code: string, filename: string, sandboxRequire: NodeJS.Require, sandboxProc: NodeJS.Process): unknown {
    const mod = { exports: {} as unknown };
    moduleWrapper(code, filename).call(mod.exports, mod.exports, sandboxRequire, mod, filename, path.dirname(filename), sandboxProc);
    return mod.exports;
}

/**
 * Loads a package as a cold start does, in a sandbox: a fresh copy of `index.js` whose factory runs once with
 * exactly `env` as its `process.env`, and which can `require` only `node:` built-ins and the runtime clients.
 * Returns the exported `handler`. The test process's environment is neither read nor changed.
 *
 * @throws {UnshippedModuleError} when the package needs a module it does not ship.
 */
export function loadPackage<H extends Handler = Handler>(pkg: FunctionPackage, env: Readonly<Record<string, string>>): H {
    const sandboxEnv = { ...env };
    const proc = sandboxProcess(sandboxEnv);
    const clients = new Map<string, unknown>();
    const sandboxRequire = ((request: string): unknown => {
        if (request === "process" || request === "node:process") return proc;
        if (isBuiltin(request)) return require(request);
        const client = runtimeClientOf(request);
        if (client === undefined) throw new UnshippedModuleError(pkg.name, request);
        if (!clients.has(client)) clients.set(client, runModule(runtimeClientCode(client), runtimeClientFile(client), sandboxRequire, proc));
        return clients.get(client);
    }) as NodeJS.Require;
    const exported = runModule(fs.readFileSync(pkg.indexPath, "utf8"), pkg.indexPath, sandboxRequire, proc) as { handler?: H };
    const handler = exported.handler;
    if (typeof handler !== "function") throw new Error(`The ${pkg.name} package exports no handler function`);
    // The runtime sets the invocation's trace header in the environment before each call; the logger reads it.
    return ((event: unknown, context?: { xRayTraceId?: string }) => {
        if (context?.xRayTraceId !== undefined) sandboxEnv._X_AMZN_TRACE_ID = context.xRayTraceId;
        return handler(event, context);
    }) as H;
}

/** Builds (or reuses) one of the stack's function packages and loads it in the sandbox with `env`. */
export async function loadFunctionPackage<H extends Handler = Handler>(name: FunctionKey, env: Readonly<Record<string, string>>): Promise<H> {
    return loadPackage<H>(await buildPackage(name), env);
}

let runtimeDir: string | undefined;
/**
 * For a fresh Node process: a folder whose `node_modules` holds only the runtime clients (links to the project's
 * copies), to pass as `NODE_PATH` as /var/runtime/node_modules is in Lambda. A package laid out by this module
 * lives outside the repository, so nothing else resolves.
 */
export function runtimeNodePath(): string {
    if (runtimeDir === undefined) {
        const dir = path.join(root(), "runtime", "node_modules");
        fs.mkdirSync(path.join(dir, "@aws-sdk"), { recursive: true });
        for (const client of RUNTIME_CLIENTS) fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules", client), path.join(dir, client), "dir");
        runtimeDir = dir;
    }
    return runtimeDir;
}
