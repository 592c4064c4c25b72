import { ROUTES } from "../../contract/routes";
import type { Route } from "../../contract/types";
import type { Sent } from "./http";

/** Ids a sample request fills in: an existing product and order, and a fresh idempotency key. */
export interface SampleIds {
    productId: string;
    orderId: string;
    idempotencyKey: string;
}

/** A valid body for each request schema of the contract. */
const BODIES: Readonly<Record<string, (ids: SampleIds) => unknown>> = {
    ProductInput: () => ({ name: "Proof product", description: "Made by the proof tools.", priceCents: 1500, currency: "EUR", stock: 1000 }),
    ImageUploadRequest: () => ({ contentType: "image/png", contentLength: 2048 }),
    OrderInput: (ids) => ({ items: [{ productId: ids.productId, quantity: 1 }] }),
    StockUpdateInput: (ids) => ({ updates: [{ productId: ids.productId, delta: 1 }] }),
};

/** Values for required query parameters and headers, by name. */
const PARAMETER_VALUES: Readonly<Record<string, (ids: SampleIds) => string>> = {
    from: () => "2020-01-01",
    to: () => "2020-01-31",
    "If-Match": () => '"1"',
    "Idempotency-Key": (ids) => ids.idempotencyKey,
};

/** The route's path with its path parameters filled in (`productId`, `orderId`), unencoded. */
export function concretePath(route: Route, ids: SampleIds): string {
    return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === "productId" ? ids.productId : ids.orderId));
}

/**
 * A request the contract accepts for `route`: path parameters, required query parameters and headers, and a valid
 * JSON body. Credentials (token, API key, signature) are the caller's to add.
 */
export function sampleRequest(route: Route, ids: SampleIds): Sent {
    const query = route.parameters.filter((p) => p.in === "query" && p.required).map((p) => `${p.name}=${encodeURIComponent(PARAMETER_VALUES[p.name](ids))}`);
    const headers: Record<string, string> = {};
    for (const p of route.parameters) if (p.in === "header" && p.required) headers[p.name] = PARAMETER_VALUES[p.name](ids);
    const body = route.requestBody === undefined ? undefined : JSON.stringify(BODIES[route.requestBody](ids));
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return { method: route.method, path: `${concretePath(route, ids)}${query.length > 0 ? `?${query.join("&")}` : ""}`, headers, body };
}

/** The contract's route by operationId (throws for an unknown one, so a renamed operation fails loudly). */
export function routeOf(operationId: string): Route {
    const route = ROUTES.find((r) => r.operationId === operationId);
    if (route === undefined) throw new Error(`no route ${operationId} in the contract`);
    return route;
}

/** Whether a token-secured route needs the admin group. */
export const needsAdmin = (route: Route): boolean => route.security.kind === "jwt" && (route.security.groups ?? []).includes("admin");
