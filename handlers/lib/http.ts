import type { APIGatewayProxyResult } from "aws-lambda";
import { allowOriginHeaders, SECURITY_HEADERS } from "../../contract/responses";
import type { ApiError } from "./errors";

/** What a response builder needs from the request. */
export interface ResponseContext {
    /** The request's `Origin` header, if any. */
    origin?: string;
    /** Origins allowed by CORS (exact match); empty means no CORS headers at all. */
    corsOrigins: readonly string[];
}

/** CORS headers for an allowed origin; nothing for any other, so the browser blocks the response. */
export function corsHeaders(ctx: ResponseContext): Record<string, string> {
    if (ctx.origin === undefined || !ctx.corsOrigins.includes(ctx.origin)) return {};
    return allowOriginHeaders(ctx.origin, true);
}

/**
 * The one response builder: JSON body (none for 204), the contract's security headers, CORS for allowed origins.
 *
 * @param status - HTTP status.
 * @param body - serialized as JSON; ignored for 204.
 * @param ctx - origin and allowed origins.
 * @param headers - extra headers (ETag, Location).
 */
export function jsonResponse(
    status: number,
    body: unknown,
    ctx: ResponseContext,
    headers: Record<string, string> = {},
): APIGatewayProxyResult {
    const empty = status === 204;
    return {
        statusCode: status,
        headers: {
            ...(empty ? {} : { "Content-Type": "application/json; charset=utf-8" }),
            ...SECURITY_HEADERS,
            ...corsHeaders(ctx),
            ...headers,
        },
        body: empty ? "" : JSON.stringify(body),
    };
}

/**
 * The API's one error shape, `{ "error": { "code", "message", "requestId" } }`. Only the error's client-facing
 * code and message are used: never a stack, a cause or an internal name.
 */
export function errorResponse(err: ApiError, requestId: string, ctx: ResponseContext): APIGatewayProxyResult {
    const headers: Record<string, string> = err.status === 503 ? { "Retry-After": "1" } : {};
    return jsonResponse(err.status, { error: { code: err.code, message: err.message, requestId } }, ctx, headers);
}

/** A header's value regardless of case; API Gateway passes headers as the client sent them. */
export function header(headers: Record<string, string | undefined> | null | undefined, name: string): string | undefined {
    if (!headers) return undefined;
    const wanted = name.toLowerCase();
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === wanted) return v;
    return undefined;
}
