import { spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { FunctionKey } from "../handlers";
import { buildPackage, packageOfCode, runtimeNodePath, type FunctionPackage } from "../local/program/packages";
import { median, msSince } from "./stats";

/**
 * Package size and cold start of each function, as deployed: the bundle (handlers/packaging.ts) in a directory
 * outside the repository, `NODE_PATH` holding only the runtime clients, and the variables Lambda sets with Active
 * tracing, so traced functions load aws-xray-sdk-core at init as they do in AWS. A cold start is a fresh Node
 * process that loads the package (running its factory, as Lambda's init does) and answers one recorded request;
 * the figure is the wall time from spawn to the answer, median of `runs`. Each function is compared with a
 * hello-world bundled alike that loads and builds the same runtime clients (none for functions without any), so
 * the ratio isolates what this project adds. Every round visits the subjects in a rotated order, so drift and
 * neighbours' load fall on all of them alike.
 */

/** One function's figures. */
export interface FunctionFigures {
    /** A function, or `hello-world` / `hello-world+<clients>` for the baselines. */
    name: FunctionKey | string;
    /** The runtime clients the package loads (from its bundle's requires). */
    clients: string[];
    /** Bytes of the whole package and of `index.js` alone. */
    bytes: number;
    indexBytes?: number;
    files: number;
    /** Whether the package loads a runtime client (compared with a hello-world loading the same ones). */
    usesAwsClients: boolean;
    coldStartMs: number[];
    /** Inside the child, per run: Node's own start until the script runs, loading the package, the first request. */
    phases: { boot: number[]; load: number[]; first: number[] };
    /** What the one request answered (status code, or `ok` for non-HTTP events), from the last run. */
    answer: string;
}

/** The child: load the package, answer the event, print the answer, exit (SDK sockets would keep it alive). */
/** Precedes the child's answer on stdout, after whatever the function logged there. */
const MARK = "@@cold-start@@";

const CHILD = `
const boot = performance.now();
const MARK = ${JSON.stringify(MARK)};
const fs = require("fs");
const { index, eventFile } = JSON.parse(process.argv[1]);
const { event, context } = JSON.parse(fs.readFileSync(eventFile, "utf8"));
const loading = performance.now();
const { handler } = require(index);
const answering = performance.now();
const done = (answer) => {
  process.stdout.write("\\n" + MARK + JSON.stringify({ answer, boot, load: answering - loading, first: performance.now() - answering }));
  process.exit(0);
};
Promise.resolve(handler(event, { ...context, getRemainingTimeInMillis: () => 10000 })).then(
  (r) => done(r && r.statusCode !== undefined ? String(r.statusCode) : "ok"),
  (e) => done("error: " + (e && e.message)));
`;

interface ChildAnswer {
    answer: string;
    boot: number;
    load: number;
    first: number;
}

function runOnce(index: string, eventFile: string, env: Record<string, string>): Promise<{ ms: number } & ChildAnswer> {
    return new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const child = spawn(process.execPath, ["-e", CHILD, JSON.stringify({ index, eventFile })], { env, stdio: ["ignore", "pipe", "ignore"] });
        let out = "";
        let ms: number | undefined;
        // The clock stops when the answer arrives, as a cold start ends with the response, not the process.
        child.stdout.on("data", (c: Buffer) => {
            out += c.toString();
            if (ms === undefined && out.includes(MARK)) ms = msSince(started);
        });
        child.on("error", reject);
        child.on("exit", () => {
            try {
                resolve({ ms: ms as number, ...(JSON.parse(out.slice(out.lastIndexOf(MARK) + MARK.length)) as ChildAnswer) });
            } catch {
                reject(new Error(`cold start child printed no answer: ${out.slice(-500)}`));
            }
        });
    });
}

/** What Lambda sets for a function with Active tracing; with these, traced functions load the X-Ray SDK at init. */
export const TRACING_ENV: Readonly<Record<string, string>> = Object.freeze({
    AWS_LAMBDA_FUNCTION_NAME: "portcullis-bench",
    AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000",
    AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
    _X_AMZN_TRACE_ID: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
});

/** The baseline name for a set of clients. */
export const helloNameOf = (clients: readonly string[]): string => (clients.length === 0 ? "hello-world" : `hello-world+${clients.map((c) => c.replace("@aws-sdk/client-", "")).join("+")}`);

/** A hello-world bundled as the real functions are, loading and building one client of each runtime client given. */
async function helloWorld(clients: readonly string[]): Promise<FunctionPackage> {
    const load = clients.map((c, i) => `const m${i} = require(${JSON.stringify(c)}); new m${i}[Object.keys(m${i}).find((k) => k.endsWith("Client") && k !== "__Client")]({});`);
    const entry = `exports.handler = ((() => { ${load.join(" ")} return async () => ({ statusCode: 200, body: "hello" }); })());`;
    return packageOfCode(helloNameOf(clients), entry);
}

/** The runtime clients a bundle requires. */
const clientsOf = (pkg: FunctionPackage): string[] => [...new Set([...fs.readFileSync(pkg.indexPath, "utf8").matchAll(/require\("(@aws-sdk\/client-[^"]+)"\)/g)].map((m) => m[1]))].sort();

/** A fresh idempotency key per run, so every createOrder cold start places an order instead of replaying one. */
function freshEvent(recorded: { event: unknown; context: unknown }): unknown {
    const copy = structuredClone(recorded) as { event: { headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]> }; context: unknown };
    const key = randomUUID();
    for (const map of [copy.event.headers ?? {}]) for (const name of Object.keys(map)) if (name.toLowerCase() === "idempotency-key") map[name] = key;
    for (const map of [copy.event.multiValueHeaders ?? {}]) for (const name of Object.keys(map)) if (name.toLowerCase() === "idempotency-key") map[name] = [key];
    return copy;
}

/**
 * Measures every function that has a recorded event, and hello-world answering the health event.
 *
 * @param events - the first (event, context) each function received through the local gateway.
 * @param env - the functions' environment (stand-in endpoints and settings).
 * @param runs - cold starts per function.
 */
export async function measureColdStarts(events: Map<string, { event: unknown; context: unknown }>, env: Record<string, string>, runs: number): Promise<FunctionFigures[]> {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-coldstart-"));
    try {
        const subjects: { figures: FunctionFigures; index: string; event: () => unknown }[] = [];
        const health = events.get("health");
        if (health === undefined) throw new Error("no recorded health event for hello-world");
        const figures = (name: string, pkg: FunctionPackage, clients: string[]): FunctionFigures =>
            ({ name, clients, bytes: pkg.bytes, indexBytes: pkg.indexBytes, files: pkg.files, usesAwsClients: clients.length > 0, coldStartMs: [], phases: { boot: [], load: [], first: [] }, answer: "" });
        const baselines = new Map<string, FunctionPackage>();
        for (const [name, recorded] of events) {
            const pkg = await buildPackage(name as FunctionKey);
            const clients = clientsOf(pkg);
            const baseline = helloNameOf(clients);
            if (!baselines.has(baseline)) {
                const hello = await helloWorld(clients);
                baselines.set(baseline, hello);
                subjects.push({ figures: figures(baseline, hello, clients), index: hello.indexPath, event: () => health });
            }
            subjects.push({ figures: figures(name, pkg, clients), index: pkg.indexPath, event: () => freshEvent(recorded) });
        }
        // NODE_PATH plays /var/runtime/node_modules: only the runtime clients resolve outside a package.
        const childEnv = { ...(process.env as Record<string, string>), ...env, ...TRACING_ENV, NODE_OPTIONS: "", NODE_PATH: runtimeNodePath() };
        for (let round = 0; round < runs; round++) {
            for (const s of subjects.map((_, i) => subjects[(i + round) % subjects.length])) {
                const eventFile = path.join(work, `${s.figures.name}.json`);
                fs.writeFileSync(eventFile, JSON.stringify(s.event()));
                const run = await runOnce(s.index, eventFile, childEnv);
                s.figures.coldStartMs.push(run.ms);
                s.figures.phases.boot.push(run.boot);
                s.figures.phases.load.push(run.load);
                s.figures.phases.first.push(run.first);
                s.figures.answer = run.answer;
            }
        }
        return subjects.map((s) => s.figures);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** The median cold start of a function's figures. */
export const coldStartMedian = (f: FunctionFigures): number => median(f.coldStartMs);
