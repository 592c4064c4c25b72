/**
 * The responses API Gateway answers itself, before or instead of a function. Every stage of the local gateway
 * raises a {@link GatewayError}; only `responses.ts` turns one into bytes. Statuses, texts and error-type headers
 * come from the contract's table of gateway responses (contract/responses.ts), which the REST API body renders too.
 */
import { GATEWAY_RESPONSES, type GatewayResponseSpec, type GatewayResponseType } from "../../contract/responses";

/** An answer from the gateway itself: the response type, its status, `$context.error.message` and error type. */
export class GatewayError extends Error {
    override readonly name = "GatewayError";

    /**
     * @param type - the gateway response type, as `$context.error.responseType` reports it.
     * @param status - HTTP status.
     * @param gatewayMessage - `$context.error.message`; `null` where API Gateway has none (authorizer errors).
     * @param errorType - the `x-amzn-ErrorType` header API Gateway sends, when it sends one.
     * @param validationErrorString - `$context.error.validationErrorString` (body validation failures only).
     */
    constructor(
        readonly type: GatewayResponseType,
        readonly status: number,
        readonly gatewayMessage: string | null,
        readonly errorType?: string,
        readonly validationErrorString = "",
    ) {
        super(gatewayMessage ?? type);
    }
}

/** What a situation changes of its type's answer: the message, the error type, or the status of a family. */
interface Variant {
    message?: string;
    errorType?: string;
    status?: number;
    validationErrorString?: string;
}

/** The gateway's answer of `type`, as the table describes it unless the situation says otherwise. */
function answer(type: GatewayResponseType, variant: Variant = {}): GatewayError {
    const spec: GatewayResponseSpec = GATEWAY_RESPONSES[type];
    const status = variant.status ?? spec.status;
    if (typeof status !== "number") throw new Error(`Gateway response ${type} answers a family of statuses (${status}); the situation must name one`);
    return new GatewayError(type, status, variant.message ?? spec.message, variant.errorType ?? spec.errorType, variant.validationErrorString);
}

/** The gateway's answers by situation, with API Gateway's exact texts. */
export const gatewayErrors = {
    missingAuthenticationToken: () => answer("MISSING_AUTHENTICATION_TOKEN"),
    forbidden: () => answer("INVALID_API_KEY"),
    tooManyRequests: () => answer("THROTTLED"),
    limitExceeded: () => answer("QUOTA_EXCEEDED"),
    unauthorized: () => answer("UNAUTHORIZED"),
    explicitDeny: () => answer("ACCESS_DENIED"),
    /** A resource policy without an Allow for an unsigned caller. */
    resourcePolicyDeny: (methodArn: string) =>
        answer("ACCESS_DENIED", { message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${methodArn}` }),
    implicitDeny: () => answer("ACCESS_DENIED", { message: "User is not authorized to access this resource" }),
    authorizerConfiguration: () => answer("AUTHORIZER_CONFIGURATION_ERROR"),
    invalidSignature: (message: string) => answer("INVALID_SIGNATURE", { message }),
    incompleteSignature: (message: string) => answer("INVALID_SIGNATURE", { message, errorType: "IncompleteSignatureException" }),
    unrecognizedClient: () =>
        answer("INVALID_SIGNATURE", { message: "The security token included in the request is invalid.", errorType: "UnrecognizedClientException" }),
    /** @param validation - what failed, in API Gateway's `validationErrorString` format (validationReport.ts). */
    invalidBody: (validation: string) => answer("BAD_REQUEST_BODY", { validationErrorString: validation }),
    missingParameters: (names: readonly string[]) => answer("BAD_REQUEST_PARAMETERS", { message: `Missing required request parameters: [${names.join(", ")}]` }),
    requestTooLong: () => answer("REQUEST_TOO_LARGE"),
    timeout: () => answer("INTEGRATION_TIMEOUT"),
    /** A function that failed or answered something that is not a proxy result. */
    internal: () => answer("DEFAULT_5XX", { status: 502 }),
} as const;
