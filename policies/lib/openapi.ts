import { asArray, asRecord, parseDocument } from "./values";

/**
 * The keys of a path item that are operations, with the method each stands for: the HTTP methods of OpenAPI 3
 * and Swagger 2.0, and API Gateway's catch-all `x-amazon-apigateway-any-method` (`ANY`, as in `ANY /{proxy+}`).
 */
const METHODS: Readonly<Record<string, string>> = Object.freeze({
    get: "GET", put: "PUT", post: "POST", delete: "DELETE", options: "OPTIONS", head: "HEAD", patch: "PATCH", trace: "TRACE",
    "x-amazon-apigateway-any-method": "ANY",
});

/** The method an operation key of a path item stands for; undefined for keys that are not operations. */
const methodOf = (key: string): string | undefined => (Object.hasOwn(METHODS, key) ? METHODS[key] : undefined);

/** One operation of an OpenAPI document with the settings the rules check, already resolved from defaults. */
export interface Operation {
    /** The path template, e.g. `/v1/items/{id}`. */
    path: string;
    /** The upper-case HTTP method, e.g. `GET`, or `ANY` for `x-amazon-apigateway-any-method`. */
    method: string;
    /** The effective security requirements: the operation's own, else the document's. */
    security: Record<string, unknown>[];
    /** The effective request validator name: the operation's own, else the document's; undefined when none. */
    validator: string | undefined;
}

/** A parsed REST API body. */
export interface OpenApi {
    operations: Operation[];
    /** `components.securitySchemes` (OpenAPI 3) or `securityDefinitions` (Swagger 2.0), by name. */
    schemes: Record<string, Record<string, unknown>>;
    /** Names declared in `x-amazon-apigateway-request-validators`. */
    validators: Record<string, Record<string, unknown>>;
    /** The `x-amazon-apigateway-api-key-source` value, if any. */
    apiKeySource: string | undefined;
}

/** Parses an OpenAPI 3 or Swagger 2.0 body (JSON string); undefined when there is no body or it is not JSON. */
export function parseOpenApi(body: unknown): OpenApi | undefined {
    const doc = typeof body === "string" ? parseDocument(body) : undefined;
    if (!doc) {
        return undefined;
    }
    const rootSecurity = doc["security"];
    const rootValidator = doc["x-amazon-apigateway-request-validator"];
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries(asRecord(doc["paths"]))) {
        for (const [key, op] of Object.entries(asRecord(item))) {
            const method = methodOf(key);
            if (method === undefined) {
                continue;
            }
            const operation = asRecord(op);
            const security = operation["security"] ?? rootSecurity;
            const validator = operation["x-amazon-apigateway-request-validator"] ?? rootValidator;
            operations.push({
                path,
                method,
                security: asArray(security).map(asRecord),
                validator: typeof validator === "string" ? validator : undefined,
            });
        }
    }
    const schemes = { ...asRecord(doc["securityDefinitions"]), ...asRecord(asRecord(doc["components"])["securitySchemes"]) };
    const source = doc["x-amazon-apigateway-api-key-source"];
    return {
        operations,
        schemes: Object.fromEntries(Object.entries(schemes).map(([k, v]) => [k, asRecord(v)])),
        validators: Object.fromEntries(
            Object.entries(asRecord(doc["x-amazon-apigateway-request-validators"])).map(([k, v]) => [k, asRecord(v)]),
        ),
        apiKeySource: typeof source === "string" ? source : undefined,
    };
}

/**
 * True for the routes allowed without authorization: CORS preflight (`OPTIONS`, which browsers send without
 * credentials) and the stack's own `publicRoutes`, each `METHOD /path` (Portcullis: `GET /health`, for probes).
 */
export function isPublicRoute(op: Operation, publicRoutes: readonly string[]): boolean {
    return op.method === "OPTIONS" || publicRoutes.includes(`${op.method} ${op.path}`);
}

/** Which routes are tiered (metered by usage plans, so they must require an API key). */
export interface TieredRoutes {
    /** Routes under this prefix are tiered. Portcullis: `/v1/`. */
    tieredPathPrefix: string;
    /** Except routes under these. Portcullis: `/v1/internal/`. */
    untieredPathPrefixes: string[];
}

/** True for a tiered route other than CORS preflight. */
export function isTieredRoute(op: Operation, routes: TieredRoutes): boolean {
    return op.path.startsWith(routes.tieredPathPrefix) && !routes.untieredPathPrefixes.some((p) => op.path.startsWith(p)) && op.method !== "OPTIONS";
}

/** True when the scheme is an API Gateway authorizer (Lambda, Cognito) or SigV4 (IAM). */
export function isAuthorizerScheme(scheme: Record<string, unknown>): boolean {
    return typeof scheme["x-amazon-apigateway-authtype"] === "string";
}

/** True when the scheme is the API Gateway API key (`apiKey` in header `x-api-key`). */
export function isApiKeyScheme(scheme: Record<string, unknown>): boolean {
    return scheme["type"] === "apiKey" && String(scheme["name"]).toLowerCase() === "x-api-key" && scheme["in"] === "header";
}

/** True when one of the operation's security requirements names a scheme satisfying `predicate`. */
export function requires(api: OpenApi, op: Operation, predicate: (s: Record<string, unknown>) => boolean): boolean {
    return op.security.some((req) => Object.keys(req).some((name) => {
        const scheme = api.schemes[name];
        return scheme !== undefined && predicate(scheme);
    }));
}

/** API Gateway's integration timeout when `timeoutInMillis` is not set (and its default maximum). */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** A route of the REST API body that invokes a Lambda function. */
export interface LambdaIntegration {
    path: string;
    method: string;
    /** The function ARN inside the integration `uri` (`.../functions/<arn>/invocations`). */
    functionArn: string;
    /** `timeoutInMillis`, or API Gateway's default. */
    timeoutMs: number;
}

/**
 * The Lambda integrations of an OpenAPI body (`x-amazon-apigateway-integration` with a
 * `.../functions/<arn>/invocations` uri). https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
 */
export function lambdaIntegrations(body: unknown): LambdaIntegration[] {
    const doc = parseDocument(body);
    const found: LambdaIntegration[] = [];
    for (const [path, item] of Object.entries(asRecord(doc?.["paths"]))) {
        for (const [key, op] of Object.entries(asRecord(item))) {
            const integration = asRecord(asRecord(op)["x-amazon-apigateway-integration"]);
            const match = /\/functions\/(.+?)\/invocations$/.exec(String(integration["uri"] ?? ""));
            const method = methodOf(key);
            if (method !== undefined && match) {
                const timeout = integration["timeoutInMillis"];
                found.push({ path, method, functionArn: match[1],
                    timeoutMs: typeof timeout === "number" ? timeout : DEFAULT_INTEGRATION_TIMEOUT_MS });
            }
        }
    }
    return found;
}
