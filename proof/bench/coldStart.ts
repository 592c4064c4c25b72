import { spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { FunctionKey } from "../../handlers";
import { buildPackage, packageOfCode, runtimeNodePath, type FunctionPackage } from "../../harness/packages";
import { median, msSince } from "./stats";
import { CATALOG_KEYS } from "../../handlers/lib/catalogTable";
import { RUNTIME_CLIENTS } from "../../handlers/runtimeClients";

/**
 * Package size and cold start of each function, as deployed: the bundle (handlers/packaging.ts) in a directory
 * outside the repository, `NODE_PATH` holding only the runtime clients, and the variables Lambda sets with Active
 * tracing, so traced functions load aws-xray-sdk-core at init as they do in AWS. A cold start is a fresh Node
 * process that loads the package (running its factory, as Lambda's init does) and answers one recorded request;
 * the figure is the wall time from spawn to the answer, median of `runs`. Each function is compared with a
 * hello-world bundled alike that loads and builds the same runtime clients and makes one minimal call through each
 * client the function's first request calls ({@link MINIMAL_CALLS}; none for functions without clients), so the
 * SDK's first-call cost is in both and the ratio isolates what this project adds. Every round visits the subjects in a rotated order, so drift and
 * neighbours' load fall on all of them alike.
 */

/** One function's figures. */
export interface FunctionFigures {
    /** A function, or `hello-world` / `hello-world+<clients>` for the baselines. */
    name: FunctionKey | string;
    /** The runtime clients the package loads (from its bundle's requires). */
    clients: string[];
    /** The runtime clients its first request called (whose stand-ins it reached). */
    calls: string[];
    /** Bytes of the whole package and of `index.js` alone. */
    bytes: number;
    indexBytes?: number;
    files: number;
    /** Whether the package loads a runtime client (compared with a hello-world loading the same ones). */
    usesAwsClients: boolean;
    coldStartMs: number[];
    /** Inside the child, per run: Node's own start until the script runs, loading the package, the first request. */
    phases: { boot: number[]; load: number[]; first: number[] };
    /** HTTP requests the process made to the stand-ins, from the last run (SDK calls, retries included). */
    requests?: number;
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
// Which hosts the first request reached (each stand-in has its own), to give each function the baseline that
// makes the same calls. http publishes every client request here; nothing is patched.
const hosts = new Set();
let requests = 0;
require("diagnostics_channel").subscribe("http.client.request.start", ({ request }) => { requests++; hosts.add(String(request.getHeader("host"))); });
const { index, eventFile } = JSON.parse(process.argv[1]);
const { event, context } = JSON.parse(fs.readFileSync(eventFile, "utf8"));
const loading = performance.now();
const { handler } = require(index);
const answering = performance.now();
const done = (answer) => {
  const first = performance.now() - answering;
  process.stdout.write("\\n" + MARK + JSON.stringify({ answer, boot, load: answering - loading, first, hosts: [...hosts], requests }));
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
    /** The `host:port` of every HTTP request the process made (the stand-ins'). */
    hosts: string[];
    /** How many HTTP requests it made. */
    requests: number;
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

/**
 * One minimal call through each runtime client, to the stand-in the function itself uses: what any function using
 * the client pays on its first call (credentials, endpoint resolution, signing, a new connection), whatever this
 * project adds. A miss (no such item, no such object) is as good as a hit: it is the same round trip.
 */
const MINIMAL_CALLS: Readonly<Record<(typeof RUNTIME_CLIENTS)[number], { command: string; input: string; endpoint: string }>> = {
    "@aws-sdk/client-dynamodb": {
        command: "GetItemCommand",
        input: `{ TableName: process.env.TABLE_NAME, Key: { ${CATALOG_KEYS.partition}: { S: "hello-world" }, ${CATALOG_KEYS.sort}: { S: "hello-world" } } }`,
        endpoint: "AWS_ENDPOINT_URL_DYNAMODB",
    },
    "@aws-sdk/client-s3": { command: "HeadObjectCommand", input: `{ Bucket: process.env.PRIVATE_BUCKET, Key: "hello-world" }`, endpoint: "AWS_ENDPOINT_URL_S3" },
    "@aws-sdk/client-rds-data": {
        command: "ExecuteStatementCommand",
        input: `{ resourceArn: process.env.DB_CLUSTER_ARN, secretArn: process.env.DB_SECRET_ARN, database: process.env.DB_NAME, sql: "SELECT 1" }`,
        endpoint: "AWS_ENDPOINT_URL_RDS_DATA",
    },
    "@aws-sdk/client-secrets-manager": { command: "GetSecretValueCommand", input: `{ SecretId: process.env.CURSOR_SECRET_ARN }`, endpoint: "AWS_ENDPOINT_URL_SECRETS_MANAGER" },
};

const short = (clients: readonly string[]): string => clients.map((c) => c.replace("@aws-sdk/client-", "")).join("+");

/** The baseline name for the clients a function loads and those its first request calls. */
export const helloNameOf = (clients: readonly string[], calls: readonly string[] = []): string =>
    clients.length === 0 ? "hello-world" : `hello-world+${short(clients)}${calls.length === 0 ? "" : ` calling ${short(calls)}`}`;

/**
 * A hello-world bundled as the real functions are: it loads and builds one client of each runtime client given at
 * init, and its handler makes {@link MINIMAL_CALLS} through those in `calls`, one after the other, answering 200
 * when each reached its stand-in (a miss included) and an error otherwise, so a baseline that failed shows.
 */
async function helloWorld(clients: readonly string[], calls: readonly string[]): Promise<FunctionPackage> {
    const load = clients.map((c, i) => `const m${i} = require(${JSON.stringify(c)}); const c${i} = new m${i}[Object.keys(m${i}).find((k) => k.endsWith("Client") && k !== "__Client")]({});`);
    const call = clients.flatMap((c, i) => {
        if (!calls.includes(c)) return [];
        const { command, input } = MINIMAL_CALLS[c as keyof typeof MINIMAL_CALLS];
        return [`await c${i}.send(new m${i}.${command}(${input})).catch((e) => { if (e.$metadata?.httpStatusCode !== 404) throw e; });`];
    });
    const entry = `exports.handler = ((() => { ${load.join(" ")} return async () => { ${call.join(" ")} return { statusCode: 200, body: "hello" }; }; })());`;
    return packageOfCode(helloNameOf(clients, calls), entry);
}

/** The runtime clients whose stand-in one of `hosts` is (each stand-in listens on its own port). */
function clientsReached(clients: readonly string[], hosts: readonly string[], env: Record<string, string>): string[] {
    return clients.filter((c) => {
        const endpoint = env[MINIMAL_CALLS[c as keyof typeof MINIMAL_CALLS].endpoint];
        if (endpoint === undefined) throw new Error(`cold start: no ${MINIMAL_CALLS[c as keyof typeof MINIMAL_CALLS].endpoint} in the functions' environment`);
        return hosts.includes(new URL(endpoint).host);
    });
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
        const figures = (name: string, pkg: FunctionPackage, clients: string[], calls: string[]): FunctionFigures =>
            ({ name, clients, calls, bytes: pkg.bytes, indexBytes: pkg.indexBytes, files: pkg.files, usesAwsClients: clients.length > 0, coldStartMs: [], phases: { boot: [], load: [], first: [] }, answer: "" });
        // NODE_PATH plays /var/runtime/node_modules: only the runtime clients resolve outside a package.
        const childEnv = { ...(process.env as Record<string, string>), ...env, ...TRACING_ENV, NODE_OPTIONS: "", NODE_PATH: runtimeNodePath() };
        const baselines = new Map<string, FunctionPackage>();
        for (const [name, recorded] of events) {
            const pkg = await buildPackage(name as FunctionKey);
            const clients = clientsOf(pkg);
            // A first, untimed run finds which stand-ins the request reaches (and warms the file cache alike).
            const eventFile = path.join(work, `${name}.json`);
            fs.writeFileSync(eventFile, JSON.stringify(freshEvent(recorded)));
            const calls = clientsReached(clients, (await runOnce(pkg.indexPath, eventFile, childEnv)).hosts, childEnv);
            const baseline = helloNameOf(clients, calls);
            if (!baselines.has(baseline)) {
                const hello = await helloWorld(clients, calls);
                baselines.set(baseline, hello);
                subjects.push({ figures: figures(baseline, hello, clients, calls), index: hello.indexPath, event: () => health });
            }
            subjects.push({ figures: figures(name, pkg, clients, calls), index: pkg.indexPath, event: () => freshEvent(recorded) });
        }
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
                s.figures.requests = run.requests;
            }
        }
        return subjects.map((s) => s.figures);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

/** The median cold start of a function's figures. */
export const coldStartMedian = (f: FunctionFigures): number => median(f.coldStartMs);
