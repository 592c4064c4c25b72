/**
 * The stand-ins' worker thread, started by local/stores.ts's `startStores`: runs them here, so their work (PGlite's
 * WebAssembly above all, and every statement the functions send it) has a core of its own, and answers the main
 * thread's pause, resume and stop.
 */
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as path from "path";
import { parentPort, workerData } from "worker_threads";
import { createCatalogTable } from "../handlers/lib/catalogTable";
import { startDynamo } from "./standins/dynamodb";
import { startPostgres } from "./standins/postgres";
import { startRdsDataApi } from "./standins/rdsDataApi";
import { startS3 } from "./standins/s3";
import { startSecretsManager } from "./standins/secretsManager";
import { LOCAL_CREDENTIALS, type FromStores, type LocalStores, type StoreNames, type StoresThreadData, type ToStores } from "./stores";

/**
 * Starts, in this thread, DynamoDB (dynalite), S3 (s3rver), PostgreSQL (PGlite) behind the RDS Data API
 * stand-in, and Secrets Manager, each on a free loopback port, kept under `persistDir` when given; creates the
 * table and buckets.
 *
 * @param names - resolves to the names the stand-ins answer to. PGlite (seconds of WebAssembly) and dynalite start
 *   at once, the rest once the names are known, so whoever computes the names works while PGlite starts.
 */
async function startStores(names: Promise<StoreNames>, persistDir?: string): Promise<LocalStores> {
    const under = (sub: string) => (persistDir === undefined ? undefined : path.join(persistDir, sub));
    const started = await Promise.allSettled([
        startDynamo({ persistDir: under("dynamodb") }),
        startPostgres({ persistDir: under("postgres") }),
        names.then((n) => startS3({ persistDir: under("s3"), buckets: [n.assetsBucket, n.privateBucket] })),
    ]);
    const failed = started.find((s) => s.status === "rejected");
    if (failed !== undefined) {
        for (const s of started) if (s.status === "fulfilled") await s.value.stop();
        throw failed.reason;
    }
    const [dynamo, postgres, s3] = [fulfilled(started[0]), fulfilled(started[1]), fulfilled(started[2])];
    // Stopped in this order: the servers, then the database under the Data API.
    const running: { stop(): Promise<void> }[] = [dynamo, s3];
    const stop = async () => {
        for (const s of running.splice(0)) await s.stop();
        await postgres.stop();
    };
    try {
        const n = await names;
        const rdsData = await startRdsDataApi({ db: postgres.db, resourceArn: n.clusterArn, secretArn: n.dbSecretArn, database: n.dbName });
        running.push(rdsData);
        const secretsManager = await startSecretsManager({ secrets: n.secrets });
        running.push(secretsManager);
        await ensureTable(dynamo.endpoint, n);
        return {
            endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, rdsData: rdsData.endpoint, secretsManager: secretsManager.endpoint },
            servers: { dynamodb: dynamo, s3, rdsData, secretsManager },
            stop,
        };
    } catch (err) {
        await stop();
        throw err;
    }
}

const fulfilled = <T>(settled: PromiseSettledResult<T>): T => (settled as PromiseFulfilledResult<T>).value;

/** The catalog table with the key schema the DataLayer creates; kept as is when it survives in `persistDir`. */
async function ensureTable(endpoint: string, names: StoreNames): Promise<void> {
    const client = new DynamoDBClient({ region: names.region, endpoint, credentials: LOCAL_CREDENTIALS });
    try {
        await client.send(new DescribeTableCommand({ TableName: names.table }));
        return;
    } catch {
        // Not there yet: create it below.
    }
    await createCatalogTable(client, names.table);
}

// The worker itself: start at once, take the names when the main thread has them, answer its calls.
const port = parentPort;
if (port === null) throw new Error("local/storesWorker.ts runs only as a worker thread (local/stores.ts starts it)");
const post = (message: FromStores) => port.postMessage(message);

let giveNames: (names: StoreNames) => void;
let refuseNames: (reason: Error) => void;
const names = new Promise<StoreNames>((resolve, reject) => ((giveNames = resolve), (refuseNames = reject)));
const starting = startStores(names, (workerData as StoresThreadData).persistDir);

port.on("message", (message: ToStores) => {
    if (message.type === "names") giveNames(message.names);
    else if (message.type === "no-names") refuseNames(new Error(message.reason));
    else answer(message.id, (stores) => (message.type === "stop" ? stores.stop() : stores.servers[message.server][message.type]()));
});

function answer(id: number, act: (stores: LocalStores) => Promise<void>): void {
    starting.then(act).then(
        () => post({ type: "done", id }),
        (err: Error) => post({ type: "done", id, error: err.message }),
    );
}

starting.then(
    (stores) => post({ type: "started", endpoints: stores.endpoints, ports: Object.fromEntries(Object.entries(stores.servers).map(([k, s]) => [k, s.port])) as Record<keyof LocalStores["servers"], number> }),
    (err: Error) => post({ type: "failed", message: err.message, stack: err.stack }),
);
