/**
 * The typed model of the Portcullis API contract. Routes are plain data; everything else (the REST API body, the
 * authorizer's policy, the local gateway, the docs and SDKs) is derived from them by pure functions.
 */

/** A JSON Schema in the subset API Gateway models accept (draft 4) and OpenAPI 3.0 understands. */
export interface JsonSchema {
    type?: "object" | "array" | "string" | "integer" | "number" | "boolean" | "null";
    title?: string;
    description?: string;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    additionalProperties?: boolean | JsonSchema;
    items?: JsonSchema;
    minItems?: number;
    maxItems?: number;
    uniqueItems?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    format?: string;
    minimum?: number;
    maximum?: number;
    enum?: readonly (string | number)[];
    example?: unknown;
    /** Reference to a named schema in `SCHEMAS`, written `#/components/schemas/<Name>` in the document. */
    $ref?: string;
}

/** Lambda functions that serve routes; each gets its own least-privilege role. */
export const ROUTE_FUNCTIONS = [
    "health",
    "catalogRead",
    "catalogWrite",
    "imageUpload",
    "createOrder",
    "readOrders",
    "orderReceipt",
    "salesReport",
    "stockUpdate",
] as const;
export type RouteFunction = (typeof ROUTE_FUNCTIONS)[number];

/** OAuth scopes of the API's Cognito resource server, without the resource-server prefix. */
export const SCOPES = ["catalog.read", "catalog.write", "orders.read", "orders.write", "reports.read"] as const;
export type Scope = (typeof SCOPES)[number];

/** Cognito groups the API knows. */
export const GROUPS = ["admin", "customer"] as const;
export type Group = (typeof GROUPS)[number];

/**
 * Who may call a route:
 * - `public`: anyone (only `/health`, for monitors).
 * - `jwt`: a Cognito access token checked by the Lambda authorizer; it must carry every scope in `scopes` and,
 *   when `groups` is set, belong to at least one of them.
 * - `iam`: a SigV4-signed request from an AWS principal allowed by IAM (service-to-service).
 */
export type RouteSecurity =
    | { kind: "public" }
    | { kind: "jwt"; scopes: readonly Scope[]; groups?: readonly Group[] }
    | { kind: "iam" };

export type RouteMethod = "GET" | "POST" | "PUT" | "DELETE";

/** A request parameter (path, query string or header). */
export interface Parameter {
    name: string;
    in: "path" | "query" | "header";
    required: boolean;
    description: string;
    schema: JsonSchema;
}

export interface Response {
    description: string;
    /** Name of a schema in `SCHEMAS`; omitted for empty bodies (204). */
    schema?: string;
    /** Response headers worth documenting (ETag, Retry-After, Location). */
    headers?: Record<string, { description: string; schema: JsonSchema }>;
}

export interface Route {
    operationId: string;
    method: RouteMethod;
    /** Resource path as API Gateway sees it, with `{param}` placeholders, e.g. `/v1/products/{productId}`. */
    path: string;
    summary: string;
    description: string;
    tag: string;
    function: RouteFunction;
    security: RouteSecurity;
    /** Tiered routes require an API key bound to a usage plan. */
    apiKeyRequired: boolean;
    parameters: readonly Parameter[];
    /** Name of the request body schema in `SCHEMAS`; the gateway validates bodies against it. */
    requestBody?: string;
    /** Responses by status code; error statuses refer to the shared `Error` schema. */
    responses: Readonly<Record<number, Response>>;
}
