import { DAY_PATTERN, ID_SCHEMA } from "./schemas";
import type { Parameter, Response, Route } from "./types";

/** The API's version; a breaking change to the routes or schemas must bump the major. */
export const API_VERSION = "1.0.0";
/** Base path of every versioned route; `/health` stays outside it so monitors never need to change. */
export const BASE_PATH = "/v1";

const err = (description: string): Response => ({ description, schema: "Error" });
const gatewayErr = (description: string): Response => ({ description, schema: "GatewayError" });

/** Answers every secured, keyed route can give before or around its handler. */
const GUARDED: Record<number, Response> = {
    401: gatewayErr("Missing or invalid access token."),
    403: gatewayErr("Missing or unknown API key, or a token without the required scope or group."),
    429: gatewayErr("Over the tier's rate (Too Many Requests) or quota (Limit Exceeded)."),
    500: err("Unexpected failure; nothing was changed."),
    503: err("A data store is unavailable; retry with backoff. Nothing was changed."),
};

const pathParam = (name: string, description: string): Parameter => ({
    name,
    in: "path",
    required: true,
    description,
    schema: ID_SCHEMA,
});
const productId = pathParam("productId", "The product's id.");
const orderId = pathParam("orderId", "The order's id.");
const pageParams: Parameter[] = [
    { name: "limit", in: "query", required: false, description: "Items per page (1 to 100, default 20).", schema: { type: "string", pattern: "^(100|[1-9][0-9]?)$" } },
    { name: "cursor", in: "query", required: false, description: "Opaque cursor from the previous page's nextCursor.", schema: { type: "string", maxLength: 1024 } },
];
const etag = { ETag: { description: "The product's version, for If-Match.", schema: { type: "string" as const } } };
const location = (what: string) => ({ Location: { description: `The new ${what}'s URL.`, schema: { type: "string" as const } } });
/** Routes with a body answer 415 to anything but JSON: the gateway only validates JSON bodies, the handler all. */
const NOT_JSON: Record<number, Response> = { 415: err("The body is not application/json.") };

/** Tags group the reference; each carries a description for the docs. */
export const TAGS: Readonly<Record<string, string>> = {
    Health: "Liveness for monitors: no key, no token.",
    Products: "The catalog in DynamoDB: everyone with catalog.read may browse it; admins change it.",
    Orders: "Orders in Aurora PostgreSQL: customers see their own, admins all. Placing one needs an Idempotency-Key.",
    Reports: "Aggregates over orders for admins.",
    Internal: "Service-to-service routes for AWS principals, signed with SigV4. Not for API keys or user tokens.",
};

/**
 * Every route of the API. Order matters only for documentation. Each route names the function that serves it,
 * who may call it and what it validates; `tests/contract` proves the deployed REST API agrees.
 */
export const ROUTES: readonly Route[] = [
    {
        operationId: "getHealth",
        method: "GET",
        path: "/health",
        summary: "Health check",
        description: "Answers 200 while the API can serve requests. Needs no key and no token, for monitors.",
        tag: "Health",
        function: "health",
        security: { kind: "public" },
        apiKeyRequired: false,
        parameters: [],
        responses: { 200: { description: "The API is up.", schema: "Health" } },
    },
    {
        operationId: "listProducts",
        method: "GET",
        path: `${BASE_PATH}/products`,
        summary: "List products",
        description: "Pages through the catalog in a stable order.",
        tag: "Products",
        function: "catalogRead",
        security: { kind: "jwt", scopes: ["catalog.read"] },
        apiKeyRequired: true,
        parameters: pageParams,
        responses: { 200: { description: "A page of products.", schema: "ProductPage" }, 400: err("Invalid limit or cursor."), ...GUARDED },
    },
    {
        operationId: "getProduct",
        method: "GET",
        path: `${BASE_PATH}/products/{productId}`,
        summary: "Get a product",
        description: "Returns one product with its current version in the ETag header.",
        tag: "Products",
        function: "catalogRead",
        security: { kind: "jwt", scopes: ["catalog.read"] },
        apiKeyRequired: true,
        parameters: [productId],
        responses: { 200: { description: "The product.", schema: "Product", headers: etag }, 404: err("No such product."), ...GUARDED },
    },
    {
        operationId: "createProduct",
        method: "POST",
        path: `${BASE_PATH}/products`,
        summary: "Create a product",
        description: "Adds a product to the catalog. Admins only.",
        tag: "Products",
        function: "catalogWrite",
        security: { kind: "jwt", scopes: ["catalog.write"], groups: ["admin"] },
        apiKeyRequired: true,
        parameters: [],
        requestBody: "ProductInput",
        responses: {
            201: { description: "Created.", schema: "Product", headers: { ...etag, ...location("product") } },
            400: err("Invalid request body."),
            ...NOT_JSON,
            ...GUARDED,
        },
    },
    {
        operationId: "updateProduct",
        method: "PUT",
        path: `${BASE_PATH}/products/{productId}`,
        summary: "Replace a product",
        description: "Replaces a product if `If-Match` names its current version; a stale version gets 412.",
        tag: "Products",
        function: "catalogWrite",
        security: { kind: "jwt", scopes: ["catalog.write"], groups: ["admin"] },
        apiKeyRequired: true,
        parameters: [
            productId,
            { name: "If-Match", in: "header", required: true, description: "The version from the product's ETag.", schema: { type: "string", maxLength: 32 } },
        ],
        requestBody: "ProductInput",
        responses: {
            200: { description: "Updated.", schema: "Product", headers: etag },
            400: err("Invalid request body or If-Match."),
            404: err("No such product."),
            412: err("The product changed since the version in If-Match."),
            ...NOT_JSON,
            ...GUARDED,
        },
    },
    {
        operationId: "deleteProduct",
        method: "DELETE",
        path: `${BASE_PATH}/products/{productId}`,
        summary: "Delete a product",
        description: "Removes a product. With `If-Match`, only if it is still at that version.",
        tag: "Products",
        function: "catalogWrite",
        security: { kind: "jwt", scopes: ["catalog.write"], groups: ["admin"] },
        apiKeyRequired: true,
        parameters: [
            productId,
            { name: "If-Match", in: "header", required: false, description: "Delete only at this version.", schema: { type: "string", maxLength: 32 } },
        ],
        responses: { 204: { description: "Deleted." }, 404: err("No such product."), 412: err("The product changed since If-Match."), ...GUARDED },
    },
    {
        operationId: "createProductImageUpload",
        method: "POST",
        path: `${BASE_PATH}/products/{productId}/image-upload`,
        summary: "Get an image upload URL",
        description: "Returns a presigned S3 PUT URL, valid for 5 minutes, bound to the declared content type and size.",
        tag: "Products",
        function: "imageUpload",
        security: { kind: "jwt", scopes: ["catalog.write"], groups: ["admin"] },
        apiKeyRequired: true,
        parameters: [productId],
        requestBody: "ImageUploadRequest",
        responses: { 201: { description: "Upload URL.", schema: "ImageUpload" }, 400: err("Invalid request body."), 404: err("No such product."), ...NOT_JSON, ...GUARDED },
    },
    {
        operationId: "createOrder",
        method: "POST",
        path: `${BASE_PATH}/orders`,
        summary: "Place an order",
        description:
            "Places an order at catalog prices. `Idempotency-Key` is required: a retry with the same key and body returns the original order; the same key with another body gets 409.",
        tag: "Orders",
        function: "createOrder",
        security: { kind: "jwt", scopes: ["orders.write"] },
        apiKeyRequired: true,
        parameters: [
            { name: "Idempotency-Key", in: "header", required: true, description: "A unique key per order attempt (8 to 64 visible ASCII characters).", schema: { type: "string", minLength: 8, maxLength: 64 } },
        ],
        requestBody: "OrderInput",
        responses: {
            201: { description: "The order.", schema: "Order", headers: location("order") },
            200: {
                description: "Replay of an earlier request with the same Idempotency-Key and body: the original order.",
                schema: "Order",
                headers: { "Idempotent-Replayed": { description: "Always `true` on a replay.", schema: { type: "string", enum: ["true"] } } },
            },
            400: err("Invalid body or Idempotency-Key."),
            409: err("The Idempotency-Key was used with a different body, or a product is out of stock."),
            422: err("A product in the order does not exist, or the products have different currencies."),
            ...NOT_JSON,
            ...GUARDED,
        },
    },
    {
        operationId: "listOrders",
        method: "GET",
        path: `${BASE_PATH}/orders`,
        summary: "List orders",
        description: "A customer sees only their own orders; an admin sees all. Newest first.",
        tag: "Orders",
        function: "readOrders",
        security: { kind: "jwt", scopes: ["orders.read"] },
        apiKeyRequired: true,
        parameters: pageParams,
        responses: { 200: { description: "A page of orders.", schema: "OrderPage" }, 400: err("Invalid limit or cursor."), ...GUARDED },
    },
    {
        operationId: "getOrder",
        method: "GET",
        path: `${BASE_PATH}/orders/{orderId}`,
        summary: "Get an order",
        description: "The owner or an admin sees the order; anyone else gets 404, never a hint that it exists.",
        tag: "Orders",
        function: "readOrders",
        security: { kind: "jwt", scopes: ["orders.read"] },
        apiKeyRequired: true,
        parameters: [orderId],
        responses: { 200: { description: "The order.", schema: "Order" }, 404: err("No such order."), ...GUARDED },
    },
    {
        operationId: "getOrderReceipt",
        method: "GET",
        path: `${BASE_PATH}/orders/{orderId}/receipt`,
        summary: "Get a receipt URL",
        description: "Returns a short-lived CloudFront signed URL to the order's receipt.",
        tag: "Orders",
        function: "orderReceipt",
        security: { kind: "jwt", scopes: ["orders.read"] },
        apiKeyRequired: true,
        parameters: [orderId],
        responses: { 200: { description: "Signed receipt URL.", schema: "Receipt" }, 404: err("No such order."), ...GUARDED },
    },
    {
        operationId: "getSalesReport",
        method: "GET",
        path: `${BASE_PATH}/reports/sales`,
        summary: "Sales per day and product",
        description: "Sums quantities and revenue per day and product between two dates (inclusive, at most 366 days).",
        tag: "Reports",
        function: "salesReport",
        security: { kind: "jwt", scopes: ["reports.read"], groups: ["admin"] },
        apiKeyRequired: true,
        parameters: [
            { name: "from", in: "query", required: true, description: "First day, YYYY-MM-DD, 1970-01-01 to 9999-12-31.", schema: { type: "string", pattern: DAY_PATTERN } },
            { name: "to", in: "query", required: true, description: "Last day, YYYY-MM-DD, 1970-01-01 to 9999-12-31.", schema: { type: "string", pattern: DAY_PATTERN } },
        ],
        responses: { 200: { description: "The report.", schema: "SalesReport" }, 400: err("Invalid or reversed dates."), ...GUARDED },
    },
    {
        operationId: "updateStock",
        method: "POST",
        path: `${BASE_PATH}/internal/stock`,
        summary: "Bulk stock update (internal)",
        description: "For AWS-side services: SigV4-signed with an IAM principal allowed to invoke it. Applies stock deltas; stock never goes below zero.",
        tag: "Internal",
        function: "stockUpdate",
        security: { kind: "iam" },
        apiKeyRequired: false,
        parameters: [],
        requestBody: "StockUpdateInput",
        responses: {
            200: { description: "What was applied and what was not.", schema: "StockUpdateResult" },
            400: err("Invalid request body."),
            403: gatewayErr("Missing or invalid SigV4 signature, or an IAM principal without execute-api:Invoke."),
            ...NOT_JSON,
            500: err("Unexpected failure."),
            503: err("A data store is unavailable; retry with backoff."),
        },
    },
];

/** The route for a method and resource path, if the contract has one. */
export function findRoute(method: string, path: string): Route | undefined {
    return ROUTES.find((r) => r.method === method && r.path === path);
}
