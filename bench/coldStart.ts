import { spawn } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { FunctionName } from "../handlers";
import { buildPackage, packageOfFactory, runtimeNodePath } from "../local/program/packages";
import { median, msSince } from "./stats";

/**
 * Package size and cold start of each function. A cold start is a fresh Node process that loads the serialized
 * package (running its factory, as Lambda's init does) and answers one recorded request; the figure is the wall
 * time from spawn to the answer, median of `runs`, against a hello-world function serialized with the same
 * `serializeFunction` options. Rounds go through every function in turn so drift affects all alike.
 */

/** One function's figures. */
export interface FunctionFigures {
    name: FunctionName | "hello-world";
    bytes: number;
    files: number;
    /** Whether the shipped code loads an AWS SDK client (the 2x target) or not. */
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

/** A hello-world package: a trivial factory bundled as the real ones are. */
async function helloWorld(): Promise<string> {
    return (await packageOfFactory("hello-world", () => async () => ({ statusCode: 200, body: "hello" }))).indexPath;
}

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
        const helloIndex = await helloWorld();
        const subjects: { figures: FunctionFigures; index: string; event: () => unknown }[] = [];
        const helloBytes = fs.statSync(helloIndex).size;
        const health = events.get("health");
        if (health === undefined) throw new Error("no recorded health event for hello-world");
        subjects.push({ figures: { name: "hello-world", bytes: helloBytes, files: 1, usesAwsClients: false, coldStartMs: [], phases: { boot: [], load: [], first: [] }, answer: "" }, index: helloIndex, event: () => health });
        for (const [name, recorded] of events) {
            const pkg = await buildPackage(name as FunctionName);
            const usesAwsClients = /require\("@aws-sdk\/client-/.test(fs.readFileSync(pkg.indexPath, "utf8"));
            subjects.push({ figures: { name: name as FunctionName, bytes: pkg.bytes, files: pkg.files, usesAwsClients, coldStartMs: [], phases: { boot: [], load: [], first: [] }, answer: "" }, index: pkg.indexPath, event: () => freshEvent(recorded) });
        }
        // NODE_PATH plays /var/runtime/node_modules: only the runtime clients resolve outside a package.
        const childEnv = { ...(process.env as Record<string, string>), ...env, NODE_OPTIONS: "", NODE_PATH: runtimeNodePath() };
        for (let round = 0; round < runs; round++) {
            for (const s of subjects) {
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
