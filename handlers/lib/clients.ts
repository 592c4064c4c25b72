import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { clientConfig, s3ClientConfig } from "./aws";
import { createDb, Db } from "./db";
import { requireEnv } from "./env";
import { traceClient } from "./tracing";

/**
 * SDK clients as every function builds them: once per container, inside its factory, traced, with bounded
 * timeouts and endpoints left to `AWS_ENDPOINT_URL_<SERVICE>`. Never at module scope: a client is a native-backed
 * object the closure serializer cannot carry, and one built while Pulumi loads would be built on the deploy machine.
 */

/** A DynamoDB client. */
export const dynamoClient = (): DynamoDBClient => traceClient(new DynamoDBClient(clientConfig()));

/** An S3 client; path-style only where `S3_FORCE_PATH_STYLE` says so (the local stand-in). */
export const s3Client = (forcePathStyle: boolean): S3Client => traceClient(new S3Client(s3ClientConfig(forcePathStyle)));

/** A Secrets Manager client. */
export const secretsClient = (): SecretsManagerClient => traceClient(new SecretsManagerClient(clientConfig()));

/**
 * The Aurora database through the Data API, from `DB_CLUSTER_ARN`, `DB_SECRET_ARN` and `DB_NAME`. A longer
 * per-attempt timeout than other stores: an Aurora Serverless v2 cluster resuming from zero capacity takes seconds.
 */
export function database(): Db {
    const env = requireEnv(["DB_CLUSTER_ARN", "DB_SECRET_ARN", "DB_NAME"]);
    const client = traceClient(new RDSDataClient(clientConfig(20_000)));
    return createDb(client, { resourceArn: env.DB_CLUSTER_ARN, secretArn: env.DB_SECRET_ARN, database: env.DB_NAME });
}
