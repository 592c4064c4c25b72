import type { GatewayError } from "./errors";
import { gatewayResponseTemplate } from "../../contract/openapi";

/** A response ready for the wire; header names keep the casing API Gateway uses. */
export interface WireResponse {
    status: number;
    headers: Record<string, string[]>;
    body: Buffer;
}

/**
 * Headers every gateway response carries in the deployed stage (`gatewayResponses` in `contract/openapi.ts`).
 * `Access-Control-Allow-Origin` is not here: it depends on the caller's Origin and is added by `cors.ts`.
 */
const GATEWAY_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
    "Content-Type": "application/json",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
};

/**
 * The body the deployed stage renders for a gateway error: the contract's template for its type, with
 * `$context.error.messageString` replaced by the quoted message, or a bare `null` when there is none (an
 * authorizer configuration error answers `{"message":null}`), and `$context.error.validationErrorString` by the
 * body validator's report.
 */
export function renderGatewayBody(error: GatewayError): string {
    const messageString = error.gatewayMessage === null ? "null" : JSON.stringify(error.gatewayMessage);
    // The template quotes validationErrorString itself; its inner quotes arrive escaped, as in API Gateway's bodies.
    const validation = JSON.stringify(error.validationErrorString).slice(1, -1);
    return gatewayResponseTemplate(error.type).replace("$context.error.messageString", messageString).replace("$context.error.validationErrorString", validation);
}

/** The full response for a gateway error, with the error-type header API Gateway sends. */
export function gatewayErrorResponse(error: GatewayError): WireResponse {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(GATEWAY_RESPONSE_HEADERS)) headers[name] = [value];
    if (error.errorType !== undefined) headers["x-amzn-ErrorType"] = [error.errorType];
    return { status: error.status, headers, body: Buffer.from(renderGatewayBody(error)) };
}
