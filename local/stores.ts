import * as path from "path";
import { Worker } from "worker_threads";
import { PROJECT_ROOT } from "../config/project";
import type { PausableServer } from "./standins/server";

/** Static credentials every local SDK client signs with: s3rver accepts only its own fixed pair, the others any. */
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** The program's names of the resources, which the stand-ins take as their own. */
export interface StoreNames {
    region: string;
    table: string;
    assetsBucket: string;
    privateBucket: string;
    clusterArn: string;
    dbSecretArn: string;
    dbName: string;
    /** Secret strings by ARN, served by the Secrets Manager stand-in. */
    secrets: Record<string, string>;
}

/** The running stand-ins. */
export interface LocalStores {
    endpoints: { dynamodb: string; s3: string; rdsData: string; secretsManager: string };
    /** The stand-ins themselves, for tests and proofs that take one offline (`pause`). */
    servers: { dynamodb: PausableServer; s3: PausableServer; rdsData: PausableServer; secretsManager: PausableServer };
    stop(): Promise<void>;
}

/** `bundledEntry` of local/start.js, which is plain JavaScript (it runs before anything compiles TypeScript). */
const { bundledEntry, START_CACHE_DIR } = require("./start.js") as {
    bundledEntry(entry: string, cacheDir: string, root: string): Promise<string>;
    START_CACHE_DIR: string;
};

/** What the worker is started with. */
export interface StoresThreadData {
    persistDir?: string;
}

/** A call on the running stand-ins: take one offline or back, or stop them all. */
type StoresCall = { type: "pause" | "resume"; server: keyof LocalStores["servers"] } | { type: "stop" };

/** Messages to the worker: the names once known (or why there are none), and calls, each with its id. */
export type ToStores = { type: "names"; names: StoreNames } | { type: "no-names"; reason: string } | (StoresCall & { id: number });

/** Messages from the worker: started (or failed), and each call's end. */
export type FromStores =
    | { type: "started"; endpoints: LocalStores["endpoints"]; ports: Record<keyof LocalStores["servers"], number> }
    | { type: "failed"; message: string; stack?: string }
    | { type: "done"; id: number; error?: string };

/**
 * Starts DynamoDB (dynalite), S3 (s3rver), PostgreSQL (PGlite) behind the RDS Data API stand-in, and Secrets
 * Manager, each on a free loopback port, kept under `persistDir` when given; creates the table and buckets.
 *
 * They run in a worker thread (local/storesWorker.ts), so their work, PGlite's above all (its start and every
 * statement the functions send it), has a core of its own rather than the gateway's and the functions'. The
 * worker runs a bundle of its entry (local/start.js), so it compiles no TypeScript, under `npm start` and tests
 * alike. What comes back is plain: endpoints, and servers to pause, resume and stop through messages.
 *
 * @param names - resolves to the names the stand-ins answer to. PGlite (seconds of WebAssembly) and dynalite start
 *   at once, the rest once the names are known, so whoever computes the names works while PGlite starts.
 * @param persistDir - keep each stand-in's data under it. Default: none, fresh each start.
 */
export async function startStores(names: Promise<StoreNames>, persistDir?: string): Promise<LocalStores> {
    const entry = await bundledEntry(path.join(__dirname, "storesWorker.ts"), START_CACHE_DIR, PROJECT_ROOT);
    // The stand-ins are not the user's code: the AWS SDK's Node-version warning is said once by the main thread.
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
    const worker = new Worker(entry, { workerData: { persistDir } satisfies StoresThreadData, env });
    const calls = new Map<number, { resolve(): void; reject(err: Error): void }>();
    let nextId = 0;
    const call = (message: StoresCall) =>
        new Promise<void>((resolve, reject) => {
            const id = nextId++;
            calls.set(id, { resolve, reject });
            worker.postMessage({ ...message, id } as ToStores);
        });
    // A worker that dies fails whatever waits on it, with its own error.
    const died = new Promise<never>((_, reject) => {
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`the stand-ins' worker thread exited with code ${code}`)));
    });
    died.catch((err: Error) => calls.forEach((c) => c.reject(err)));
    let namesError: Error | undefined;
    names.then(
        (n) => worker.postMessage({ type: "names", names: n } satisfies ToStores),
        (err: Error) => {
            namesError = err;
            worker.postMessage({ type: "no-names", reason: err.message } satisfies ToStores);
        },
    );
    const started = new Promise<Extract<FromStores, { type: "started" }>>((resolve, reject) => {
        worker.on("message", (message: FromStores) => {
            if (message.type === "started") resolve(message);
            else if (message.type === "failed") reject(Object.assign(new Error(message.message), { stack: message.stack }));
            else {
                const waiting = calls.get(message.id);
                calls.delete(message.id);
                if (message.error === undefined) waiting?.resolve();
                else waiting?.reject(new Error(message.error));
            }
        });
    });
    let ready: Extract<FromStores, { type: "started" }>;
    try {
        ready = await Promise.race([started, died]);
    } catch (err) {
        await worker.terminate();
        // The names' own failure (the program's) says more than the stand-ins' "no names" does.
        throw namesError ?? err;
    }
    const server = (name: keyof LocalStores["servers"]): PausableServer => ({
        endpoint: ready.endpoints[name],
        port: ready.ports[name],
        pause: () => call({ type: "pause", server: name }),
        resume: () => call({ type: "resume", server: name }),
        // One server alone is stopped only by stopping all of them.
        stop: () => stop(),
    });
    let stopping: Promise<void> | undefined;
    const stop = () =>
        (stopping ??= call({ type: "stop" }).finally(() => worker.terminate().then(() => undefined)));
    return {
        endpoints: ready.endpoints,
        servers: { dynamodb: server("dynamodb"), s3: server("s3"), rdsData: server("rdsData"), secretsManager: server("secretsManager") },
        stop,
    };
}
