import type { GatewayError } from "./errors";
import { GATEWAY_RESPONSE_HEADERS, renderGatewayBody as renderBody } from "../../contract/responses";

/** A response ready for the wire; header names keep the casing API Gateway uses. */
export interface WireResponse {
    status: number;
    headers: Record<string, string[]>;
    body: Buffer;
}

/** The body the deployed stage renders for a gateway error: the contract's template for its type, filled in. */
export function renderGatewayBody(error: GatewayError): string {
    return renderBody(error.type, error.gatewayMessage, error.validationErrorString);
}

/**
 * The full response for a gateway error: the headers the REST API body sets on every gateway response, and the
 * error-type header API Gateway sends. `Access-Control-Allow-Origin` is not here: it depends on the caller's
 * Origin and is added by `cors.ts`.
 */
export function gatewayErrorResponse(error: GatewayError): WireResponse {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(GATEWAY_RESPONSE_HEADERS)) headers[name] = [value];
    if (error.errorType !== undefined) headers["x-amzn-ErrorType"] = [error.errorType];
    return { status: error.status, headers, body: Buffer.from(renderGatewayBody(error)) };
}
