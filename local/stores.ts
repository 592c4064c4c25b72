import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as path from "path";
import { startDynamo } from "./standins/dynamodb";
import { startPostgres } from "./standins/postgres";
import { startRdsDataApi } from "./standins/rdsDataApi";
import { startS3 } from "./standins/s3";
import { startSecretsManager } from "./standins/secretsManager";
import type { PausableServer } from "./standins/server";
import { createCatalogTable } from "../handlers/lib/catalogTable";

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

/**
 * Starts DynamoDB (dynalite), S3 (s3rver), PostgreSQL (PGlite) behind the RDS Data API stand-in, and Secrets
 * Manager, each on a free loopback port, kept under `persistDir` when given; creates the table and buckets.
 *
 * @param names - resolves to the names the stand-ins answer to. PGlite (seconds of WebAssembly) and dynalite start
 *   at once, the rest once the names are known, so whoever computes the names works while PGlite starts.
 */
export async function startStores(names: Promise<StoreNames>, persistDir?: string): Promise<LocalStores> {
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
