/** Where an error answer came from: a Portcullis handler, API Gateway itself, or neither (a proxy, a network). */
export type ErrorSource = "handler" | "gateway" | "unknown";

/**
 * An error answer from the API. `code` is stable: a handler's code (`NotFound`, `OutOfStock`...), a code named
 * after API Gateway's message for gateway answers (`Throttled`, `QuotaExceeded`...), or `Http<status>`.
 */
export class PortcullisApiError extends Error {
    constructor(
        /** HTTP status. */
        readonly status: number,
        /** Stable machine-readable code; branch on this, never on `message`. */
        readonly code: string,
        message: string,
        /** The request id to quote to support, when the answer carried one. */
        readonly requestId: string | undefined,
        readonly source: ErrorSource,
        /** Milliseconds the server asked to wait (`Retry-After`), when it said. */
        readonly retryAfterMs?: number,
    ) {
        super(message);
        this.name = "PortcullisApiError";
    }
}

/** Stable codes for API Gateway's own messages, so callers need not match English text. */
const GATEWAY_CODES: ReadonlyArray<[RegExp, string]> = [
    [/^Too Many Requests$/, "Throttled"],
    [/^Limit Exceeded$/, "QuotaExceeded"],
    [/^Unauthorized$/, "Unauthorized"],
    [/^Forbidden$/, "Forbidden"],
    [/^Missing Authentication Token$/, "MissingAuthenticationToken"],
    [/explicit deny/, "AccessDenied"],
    [/^Invalid request body$/, "InvalidRequestBody"],
    [/^Missing required request parameters/, "MissingRequestParameters"],
    [/^Request Too Long$/, "RequestTooLarge"],
    [/^Endpoint request timed out$/, "IntegrationTimeout"],
    [/^Internal server error$/, "InternalServerError"],
];

/**
 * Maps an error answer to a {@link PortcullisApiError}: the handler shape `{"error":{"code","message","requestId"}}`,
 * API Gateway's `{"message"}` (or `{"Message"}` for an explicit deny), or anything else.
 */
export function toApiError(status: number, text: string, headers: { get(name: string): string | null }, retryAfterMs?: number): PortcullisApiError {
    const body = parseJson(text);
    const headerId = headers.get("x-amzn-requestid") ?? headers.get("x-amz-apigw-id") ?? undefined;
    const handler = body?.error;
    if (isRecord(handler) && typeof handler.code === "string") {
        const requestId = typeof handler.requestId === "string" ? handler.requestId : headerId;
        return new PortcullisApiError(status, handler.code, String(handler.message ?? ""), requestId, "handler", retryAfterMs);
    }
    const gatewayMessage = body?.message ?? body?.Message;
    if (typeof gatewayMessage === "string") {
        const code = GATEWAY_CODES.find(([pattern]) => pattern.test(gatewayMessage))?.[1] ?? `Http${status}`;
        return new PortcullisApiError(status, code, gatewayMessage, headerId, "gateway", retryAfterMs);
    }
    return new PortcullisApiError(status, `Http${status}`, text.slice(0, 200) || `HTTP ${status}`, headerId, "unknown", retryAfterMs);
}

function parseJson(text: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(text);
        return isRecord(value) ? value : undefined;
    } catch {
        return undefined;
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
