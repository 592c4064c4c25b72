import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { createHmac, randomBytes } from "crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { startDynamo } from "../../local/standins/dynamodb";
import { startPostgres, PostgresStandIn } from "../../local/standins/postgres";
import { startRdsDataApi } from "../../local/standins/rdsDataApi";
import { localS3ClientConfig, startS3 } from "../../local/standins/s3";
import { startSecretsManager } from "../../local/standins/secretsManager";
import type { PausableServer } from "../../local/standins/server";
import { Product, ProductStore } from "../../handlers/lib/products";
import { createDb, Db } from "../../handlers/lib/db";
import { createCatalogTable } from "../../handlers/lib/catalogTable";

/**
 * Stand-ins and request builders shared by the handler tests. Each test file starts one set in `before` and stops
 * it in `after`; the handlers reach them only through the real SDK clients and `AWS_ENDPOINT_URL_<SERVICE>`.
 */

export const TABLE = "portcullis-test";
export const ASSETS_BUCKET = "portcullis-assets";
export const PRIVATE_BUCKET = "portcullis-private";
export const CLUSTER_ARN = "arn:aws:rds:us-east-1:123456789012:cluster:portcullis";
export const DB_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
export const CURSOR_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-AbCdEf";
export const SIGNING_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:signing-AbCdEf";
export const METHOD_ARN_PREFIX = "arn:aws:execute-api:us-east-1:123456789012:abc123/live";

/**
 * Settings every test package gets: quiet logs, no metrics on stdout, and two SDK attempts for clients built here
 * (the handlers' own clients take theirs from STORE_CALLS in handlers/lib/aws.ts, also two): enough to survive a
 * keep-alive socket that a resumed stand-in dropped, few enough that an outage fails fast.
 */
export const BASE_ENV: Record<string, string> = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_MAX_ATTEMPTS: "2",
    LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    API_VERSION: "1.0.0",
    CORS_ORIGINS: "https://app.example.com",
};

/** The stand-ins a handler test may need. */
export interface Stores {
    dynamo?: PausableServer;
    s3?: PausableServer;
    rdsData?: PausableServer;
    postgres?: PostgresStandIn;
    secrets?: PausableServer;
    /** The environment pointing the handlers at these stand-ins. */
    env: Record<string, string>;
    stop(): Promise<void>;
}

/** Which stand-ins to start; the Secrets Manager one serves `secrets` (and the cursor key with a table or database). */
export interface StoreOptions {
    dynamo?: boolean;
    s3?: boolean;
    postgres?: boolean;
    secrets?: Record<string, string>;
}

/** Starts the requested stand-ins on port 0, creates the table and buckets, and returns their environment. */
export async function startStores(opts: StoreOptions): Promise<Stores> {
    const stores: Stores = { env: { ...BASE_ENV, S3_FORCE_PATH_STYLE: "true" }, stop: async () => undefined };
    if (opts.dynamo) {
        stores.dynamo = await startDynamo({});
        stores.env.AWS_ENDPOINT_URL_DYNAMODB = stores.dynamo.endpoint;
        stores.env.TABLE_NAME = TABLE;
        await createCatalogTable(dynamoClient(stores), TABLE);
    }
    if (opts.s3) {
        stores.s3 = await startS3({ buckets: [ASSETS_BUCKET, PRIVATE_BUCKET] });
        Object.assign(stores.env, { AWS_ENDPOINT_URL_S3: stores.s3.endpoint, ASSETS_BUCKET, PRIVATE_BUCKET });
    }
    if (opts.postgres) {
        stores.postgres = await startPostgres();
        stores.rdsData = await startRdsDataApi({ db: stores.postgres.db, resourceArn: CLUSTER_ARN, secretArn: DB_SECRET_ARN });
        Object.assign(stores.env, { AWS_ENDPOINT_URL_RDS_DATA: stores.rdsData.endpoint, DB_CLUSTER_ARN: CLUSTER_ARN, DB_SECRET_ARN, DB_NAME: "postgres" });
    }
    // The listing functions sign cursors with a random key from Secrets Manager, as deployed (CURSOR_SECRET_ARN).
    const secrets = { ...opts.secrets, ...(opts.dynamo || opts.postgres ? { [CURSOR_SECRET_ARN]: randomBytes(48).toString("base64url") } : {}) };
    if (Object.keys(secrets).length > 0) {
        stores.secrets = await startSecretsManager({ secrets });
        Object.assign(stores.env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: stores.secrets.endpoint, ...(secrets[CURSOR_SECRET_ARN] === undefined ? {} : { CURSOR_SECRET_ARN }) });
    }
    stores.stop = async () => {
        for (const s of [stores.dynamo, stores.s3, stores.rdsData, stores.secrets]) await s?.stop();
        await stores.postgres?.stop();
    };
    return stores;
}

const local = { region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } };

/** A test-side DynamoDB client (for arranging and asserting, never for the code under test). */
export const dynamoClient = (stores: Stores) => new DynamoDBClient({ ...local, endpoint: stores.dynamo?.endpoint });
/** A test-side S3 client. */
export const s3Client = (stores: Stores) => new S3Client(localS3ClientConfig(stores.s3?.endpoint as string));
/** A test-side database accessor. */
export const testDb = (stores: Stores): Db =>
    createDb(new RDSDataClient({ ...local, endpoint: stores.rdsData?.endpoint }), { resourceArn: CLUSTER_ARN, secretArn: DB_SECRET_ARN, database: "postgres" });

/** Puts products straight into the table. */
export async function seedProducts(stores: Stores, products: Partial<Product>[]): Promise<Product[]> {
    const store = new ProductStore(dynamoClient(stores), TABLE);
    const now = new Date().toISOString();
    const full = products.map(
        (p, i): Product => ({ productId: `p${i + 1}`, name: `Product ${i + 1}`, priceCents: 1000, currency: "EUR", stock: 10, version: 1, createdAt: now, updatedAt: now, ...p }),
    );
    for (const p of full) await store.create(p);
    return full;
}

/** Who calls, as the authorizer's context describes them. */
export interface TestCaller {
    principal: string;
    groups?: string[];
    scopes?: string[];
}
export const ADMIN: TestCaller = { principal: "admin-1", groups: ["admin"], scopes: ["catalog.read", "catalog.write", "orders.read", "orders.write", "reports.read"] };
export const ALICE: TestCaller = { principal: "alice", groups: ["customer"], scopes: ["catalog.read", "orders.read", "orders.write"] };
export const BOB: TestCaller = { principal: "bob", groups: ["customer"], scopes: ["catalog.read", "orders.read", "orders.write"] };

/** What a request sets; everything else gets API Gateway's defaults. */
export interface RequestSpec {
    method: string;
    /** The resource path with placeholders, e.g. `/v1/products/{productId}`. */
    resource: string;
    pathParameters?: Record<string, string>;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    /** Serialized as JSON with `Content-Type: application/json` unless it is a string. */
    body?: unknown;
    caller?: TestCaller;
}

let requestCounter = 0;

/** An API Gateway proxy event as the REST API would send it. */
export function apiEvent(spec: RequestSpec): APIGatewayProxyEvent {
    const path = spec.resource.replace(/\{(\w+)\}/g, (_, name: string) => spec.pathParameters?.[name] ?? "");
    const jsonBody = spec.body !== undefined && typeof spec.body !== "string";
    const authorizer = spec.caller
        ? { principalId: spec.caller.principal, principal: spec.caller.principal, clientId: "client-1", groups: (spec.caller.groups ?? []).join(","), scopes: (spec.caller.scopes ?? []).join(" ") }
        : null;
    return {
        resource: spec.resource,
        path,
        httpMethod: spec.method,
        headers: { ...(jsonBody ? { "Content-Type": "application/json" } : {}), ...spec.headers },
        multiValueHeaders: {},
        queryStringParameters: spec.query ?? null,
        multiValueQueryStringParameters: null,
        pathParameters: spec.pathParameters ?? null,
        stageVariables: null,
        body: spec.body === undefined ? null : jsonBody ? JSON.stringify(spec.body) : (spec.body as string),
        isBase64Encoded: false,
        requestContext: { requestId: `req-${++requestCounter}`, authorizer, httpMethod: spec.method, path, resourcePath: spec.resource } as never,
    };
}

/** A proxy handler as the packages export it. */
export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** Calls a handler and parses its JSON body. */
export async function call(handler: ProxyHandler, spec: RequestSpec): Promise<{ status: number; headers: Record<string, string>; body: any }> {
    const result = await handler(apiEvent(spec));
    return { status: result.statusCode, headers: (result.headers ?? {}) as Record<string, string>, body: result.body === "" ? undefined : JSON.parse(result.body) };
}

/** Asserts the API's error shape and returns its code. */
export function errorCode(response: { body: any }): string {
    const error = response.body?.error;
    if (typeof error?.code !== "string" || typeof error?.message !== "string" || typeof error?.requestId !== "string") {
        throw new Error(`not the API error shape: ${JSON.stringify(response.body)}`);
    }
    return error.code;
}

/** The MAC key cursors had before issue 12, derived from names a client can guess. */
export const guessableCursorKey = (coordinates: string[]): string => createHmac("sha256", "portcullis-cursor").update(coordinates.join("\n")).digest("base64url");

/**
 * A cursor signed as before issue 12, with the MAC key derived from names a client can guess (`coordinates`: the
 * table name, or the cluster ARN and database name, then the listing). The forged-cursor tests send it.
 */
export function cursorWithGuessableKey(payload: Record<string, unknown>, coordinates: string[], scope: string): string {
    const key = guessableCursorKey(coordinates);
    const data = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
    return `${data}.${createHmac("sha256", key).update(scope).update("\n").update(data).digest("base64url")}`;
}
