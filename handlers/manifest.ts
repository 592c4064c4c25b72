/**
 * What a function needs, written once, next to its handler: its environment variables, the AWS actions it calls
 * on which resources, its limits, and the error codes it can answer with. Components build the environment and
 * the least-privilege role from it, local mode, the portal's error reference and the tests read it, and
 * tests/handlers/manifests.test.ts checks it against the handler's code (every `requireEnv` name, every SDK
 * command and every error code the factory can reach), so a handler cannot need something its manifest does not
 * grant, nor answer a code its manifest does not list.
 */
import type { ErrorCode } from "./errorCodes";
import type { EnvName } from "./lib/env";

/**
 * The resources a function can be granted, by role. Each component maps them to ARNs; a grant on one it cannot
 * map fails at evaluation, naming the function and the resource.
 */
export type ResourceName =
    /** The catalog table (DynamoDB). */
    | "table"
    /** The Aurora cluster (RDS Data API). */
    | "cluster"
    /** The secret RDS manages for the cluster's master user; the Data API reads it as the caller. */
    | "clusterSecret"
    /** Objects of the public assets bucket. */
    | "assetsBucket"
    /** Objects of the private bucket (receipts). */
    | "privateBucket"
    /** The secret holding the CloudFront key that signs receipt URLs. */
    | "signingKeySecret"
    /** The secret holding the random key that signs pagination cursors (handlers/lib/cursor.ts). */
    | "cursorSecret"
    /** The customer-managed KMS key that encrypts the table, the buckets and the secrets. */
    | "dataKey";

/** Variables any function may be given without declaring them: the shared settings of `commonSettings` and the logger. */
export const COMMON_ENV = Object.freeze([
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_METRICS_NAMESPACE",
    "POWERTOOLS_METRICS_DISABLED",
    "LOG_LEVEL",
    "CORS_ORIGINS",
    "S3_FORCE_PATH_STYLE",
] as const);

/** One permission: IAM actions (`service:Action`, never a wildcard) on one resource. */
export interface Grant {
    /** The statement id in the function's role policy. */
    sid: string;
    actions: readonly string[];
    on: ResourceName;
    /** For a bucket: the object keys, e.g. `receipts/*` (never the whole bucket). */
    objects?: string;
    /** Only when the call comes through this service (`kms:ViaService`), e.g. `secretsmanager` decrypting a secret. */
    viaService?: "secretsmanager" | "dynamodb" | "s3";
    /**
     * The AWS service that makes these calls as the function, when the code sends no such command itself (the RDS
     * Data API reads the cluster secret as its caller). The static check then does not look for the command.
     */
    calledBy?: "rds-data";
}

/** A function's manifest. `E` is the exact set of variables its code requires. */
export interface FunctionManifest<E extends EnvName = EnvName> {
    /** Variables the factory requires (`requireEnv`); the component must set each one. */
    env: readonly E[];
    /** Variables the code reads when set and defaults otherwise (beyond {@link COMMON_ENV}). */
    optionalEnv?: readonly string[];
    /** Everything the function may do beyond writing its logs and traces; default nothing. */
    grants: readonly Grant[];
    /** The error codes (handlers/errorCodes.ts) its answers can carry; default none (functions the API does not route to). */
    errors?: readonly ErrorCode[];
    /** Overrides of the stack's `lambda` settings, where this function needs other limits. */
    timeoutSeconds?: number;
    memoryMb?: number;
}

/** Declares a manifest, keeping the literal variable names as its type. */
export function defineManifest<E extends EnvName>(manifest: FunctionManifest<E>): FunctionManifest<E> {
    return Object.freeze(manifest);
}

/**
 * The codes every route function can answer through `apiHandler` (lib/api.ts), whatever its operations do: an
 * unknown route, a caller without the scope or group, a body that is not JSON or fails its schema, a value a
 * store refused, a store outage and anything unexpected.
 */
export const API_ERRORS: readonly ErrorCode[] = Object.freeze([
    "Forbidden",
    "InternalError",
    "InvalidJson",
    "InvalidValue",
    "NotFound",
    "ServiceUnavailable",
    "UnsupportedMediaType",
    "ValidationError",
] as const);

/** The orders database's variables: `database()` (lib/clients.ts) requires all three. */
export const DATABASE_ENV = Object.freeze(["DB_CLUSTER_ARN", "DB_SECRET_ARN", "DB_NAME"] as const);

/**
 * Reading the orders database: statements through the Data API, which reads the cluster secret as its caller;
 * the secret is encrypted with the data key, hence kms:Decrypt.
 */
export const READ_DATABASE: readonly Grant[] = Object.freeze([
    { sid: "OrdersDatabase", actions: ["rds-data:ExecuteStatement"], on: "cluster" },
    { sid: "DatabaseSecret", actions: ["secretsmanager:GetSecretValue"], on: "clusterSecret", calledBy: "rds-data" },
    { sid: "DataKey", actions: ["kms:Decrypt"], on: "dataKey" },
]);

/**
 * Reading the cursor secret (once per container): the MAC key of pagination cursors. The secret is encrypted with
 * the data key, which Secrets Manager decrypts as the caller, hence kms:Decrypt through Secrets Manager.
 */
export const READ_CURSOR_SECRET: readonly Grant[] = Object.freeze([
    { sid: "CursorSecret", actions: ["secretsmanager:GetSecretValue"], on: "cursorSecret" },
]);

/** The IAM service prefix of each runtime client's commands (`new GetItemCommand` is `dynamodb:GetItem`). */
export const IAM_PREFIX_OF_CLIENT: Readonly<Record<string, string>> = Object.freeze({
    "@aws-sdk/client-dynamodb": "dynamodb",
    "@aws-sdk/client-rds-data": "rds-data",
    "@aws-sdk/client-s3": "s3",
    "@aws-sdk/client-secrets-manager": "secretsmanager",
});
