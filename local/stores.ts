import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as path from "path";
import { startDynamo } from "./standins/dynamodb";
import { startPostgres } from "./standins/postgres";
import { startRdsDataApi } from "./standins/rdsDataApi";
import { startS3 } from "./standins/s3";
import { startSecretsManager } from "./standins/secretsManager";
import type { PausableServer } from "./standins/server";

/** Static credentials every local SDK client signs with: s3rver accepts only its own fixed pair, the others any. */
export const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** Names of the local resources, shaped like the deployed ones. */
export interface StoreNames {
    region: string;
    accountId: string;
    table: string;
    assetsBucket: string;
    privateBucket: string;
    clusterArn: string;
    dbSecretArn: string;
    dbName: string;
    signingSecretArn: string;
}

/** The running stand-ins and the environment that points the real SDK clients at them. */
export interface LocalStores {
    env: Record<string, string>;
    endpoints: { dynamodb: string; s3: string; rdsData: string; secretsManager: string };
    /** The stand-ins themselves, for tests and proofs that take one offline (`pause`). */
    servers: { dynamodb: PausableServer; s3: PausableServer; rdsData: PausableServer; secretsManager: PausableServer };
    stop(): Promise<void>;
}

/**
 * Starts DynamoDB (dynalite), S3 (s3rver), PostgreSQL (PGlite) behind the RDS Data API stand-in, and Secrets
 * Manager, each on a free loopback port, kept under `persistDir` when given; creates the table and buckets.
 */
export async function startStores(names: StoreNames, secrets: Record<string, string>, persistDir?: string): Promise<LocalStores> {
    const under = (sub: string) => (persistDir === undefined ? undefined : path.join(persistDir, sub));
    // PGlite takes seconds to start (WebAssembly); the others start meanwhile.
    const started = await Promise.allSettled([
        startDynamo({ persistDir: under("dynamodb") }),
        startS3({ persistDir: under("s3"), buckets: [names.assetsBucket, names.privateBucket] }),
        startPostgres({ persistDir: under("postgres") }),
    ]);
    const failed = started.find((s) => s.status === "rejected");
    if (failed !== undefined) {
        for (const s of started) if (s.status === "fulfilled") await s.value.stop();
        throw failed.reason;
    }
    const [dynamo, s3, postgres] = [fulfilled(started[0]), fulfilled(started[1]), fulfilled(started[2])];
    const rdsData = await startRdsDataApi({ db: postgres.db, resourceArn: names.clusterArn, secretArn: names.dbSecretArn });
    const secretsManager = await startSecretsManager({ secrets });
    await ensureTable(dynamo.endpoint, names);
    return {
        endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint, rdsData: rdsData.endpoint, secretsManager: secretsManager.endpoint },
        servers: { dynamodb: dynamo, s3, rdsData, secretsManager },
        env: {
            AWS_REGION: names.region,
            AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
            AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
            AWS_ENDPOINT_URL_S3: s3.endpoint,
            AWS_ENDPOINT_URL_RDS_DATA: rdsData.endpoint,
            AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
            S3_FORCE_PATH_STYLE: "true",
            TABLE_NAME: names.table,
            ASSETS_BUCKET: names.assetsBucket,
            PRIVATE_BUCKET: names.privateBucket,
            DB_CLUSTER_ARN: names.clusterArn,
            DB_SECRET_ARN: names.dbSecretArn,
            DB_NAME: names.dbName,
        },
        async stop() {
            for (const s of [dynamo, s3, rdsData, secretsManager]) await s.stop();
            await postgres.stop();
        },
    };
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
    await client.send(
        new CreateTableCommand({
            TableName: names.table,
            AttributeDefinitions: [
                { AttributeName: "pk", AttributeType: "S" },
                { AttributeName: "sk", AttributeType: "S" },
            ],
            KeySchema: [
                { AttributeName: "pk", KeyType: "HASH" },
                { AttributeName: "sk", KeyType: "RANGE" },
            ],
            BillingMode: "PAY_PER_REQUEST",
        }),
    );
}
