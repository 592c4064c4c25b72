import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { boundCalls, clientConfig, s3ClientConfig, type StoreKind } from "./aws";
import { createDb, Db } from "./db";
import { requireEnv } from "./env";
import { traceClient } from "./tracing";

/**
 * SDK clients as every function builds them: once per container, inside its factory, traced, with bounded
 * calls (`STORE_CALLS` in ./aws: per attempt, and in total) and endpoints left to `AWS_ENDPOINT_URL_<SERVICE>`. Never at module scope: a client is a native-backed
 * object the closure serializer cannot carry, and one built while Pulumi loads would be built on the deploy machine.
 */

/** A DynamoDB client. */
export const dynamoClient = (): DynamoDBClient => traceClient(boundCalls(new DynamoDBClient(clientConfig()), "default"));

/** An S3 client; path-style only where `S3_FORCE_PATH_STYLE` says so (the local stand-in). */
export const s3Client = (forcePathStyle: boolean): S3Client => traceClient(boundCalls(new S3Client(s3ClientConfig(forcePathStyle)), "default"));

/** A Secrets Manager client. */
export const secretsClient = (): SecretsManagerClient => traceClient(boundCalls(new SecretsManagerClient(clientConfig()), "default"));

/**
 * The Aurora database through the Data API, from `DB_CLUSTER_ARN`, `DB_SECRET_ARN` and `DB_NAME`. A longer
 * per-attempt budget than other stores (a statement adds a hop to Aurora); a cluster still resuming from zero
 * capacity answers DatabaseResumingException at once, which the API answers 503.
 *
 * @param kind - `migration` for the migration function, whose DDL may run long inside its own long timeout.
 */
export function database(kind: Extract<StoreKind, "dataApi" | "migration"> = "dataApi"): Db {
    const env = requireEnv(["DB_CLUSTER_ARN", "DB_SECRET_ARN", "DB_NAME"]);
    const client = traceClient(boundCalls(new RDSDataClient(clientConfig(kind)), kind));
    return createDb(client, { resourceArn: env.DB_CLUSTER_ARN, secretArn: env.DB_SECRET_ARN, database: env.DB_NAME });
}
