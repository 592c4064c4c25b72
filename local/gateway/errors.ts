/**
 * The responses API Gateway answers itself, before or instead of a function. Every stage of the local gateway
 * raises a {@link GatewayError}; only `responses.ts` turns one into bytes, so the bodies live in one place.
 */

/** The gateway response types this emulator produces (names as in API Gateway's GatewayResponse API). */
export type GatewayResponseType =
    | "MISSING_AUTHENTICATION_TOKEN"
    | "INVALID_API_KEY"
    | "THROTTLED"
    | "QUOTA_EXCEEDED"
    | "UNAUTHORIZED"
    | "ACCESS_DENIED"
    | "AUTHORIZER_CONFIGURATION_ERROR"
    | "INVALID_SIGNATURE"
    | "BAD_REQUEST_BODY"
    | "BAD_REQUEST_PARAMETERS"
    | "REQUEST_TOO_LARGE"
    | "INTEGRATION_TIMEOUT"
    | "DEFAULT_5XX";

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

/** The gateway's answers by situation, with API Gateway's exact texts. */
export const gatewayErrors = {
    missingAuthenticationToken: () =>
        new GatewayError("MISSING_AUTHENTICATION_TOKEN", 403, "Missing Authentication Token", "MissingAuthenticationTokenException"),
    forbidden: () => new GatewayError("INVALID_API_KEY", 403, "Forbidden", "ForbiddenException"),
    tooManyRequests: () => new GatewayError("THROTTLED", 429, "Too Many Requests", "TooManyRequestsException"),
    limitExceeded: () => new GatewayError("QUOTA_EXCEEDED", 429, "Limit Exceeded", "LimitExceededException"),
    unauthorized: () => new GatewayError("UNAUTHORIZED", 401, "Unauthorized", "UnauthorizedException"),
    explicitDeny: () =>
        new GatewayError("ACCESS_DENIED", 403, "User is not authorized to access this resource with an explicit deny", "AccessDeniedException"),
    /** A resource policy without an Allow for an unsigned caller. */
    resourcePolicyDeny: (methodArn: string) =>
        new GatewayError("ACCESS_DENIED", 403, `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${methodArn}`, "AccessDeniedException"),
    implicitDeny: () => new GatewayError("ACCESS_DENIED", 403, "User is not authorized to access this resource", "AccessDeniedException"),
    authorizerConfiguration: () => new GatewayError("AUTHORIZER_CONFIGURATION_ERROR", 500, null, "AuthorizerConfigurationException"),
    invalidSignature: (message: string) => new GatewayError("INVALID_SIGNATURE", 403, message, "InvalidSignatureException"),
    incompleteSignature: (message: string) => new GatewayError("INVALID_SIGNATURE", 403, message, "IncompleteSignatureException"),
    unrecognizedClient: () =>
        new GatewayError("INVALID_SIGNATURE", 403, "The security token included in the request is invalid.", "UnrecognizedClientException"),
    /** @param validation - what failed, in API Gateway's `validationErrorString` format (validationReport.ts). */
    invalidBody: (validation: string) => new GatewayError("BAD_REQUEST_BODY", 400, "Invalid request body", "BadRequestException", validation),
    missingParameters: (names: readonly string[]) =>
        new GatewayError("BAD_REQUEST_PARAMETERS", 400, `Missing required request parameters: [${names.join(", ")}]`, "BadRequestException"),
    requestTooLong: () => new GatewayError("REQUEST_TOO_LARGE", 413, "Request Too Long"),
    timeout: () => new GatewayError("INTEGRATION_TIMEOUT", 504, "Endpoint request timed out"),
    internal: () => new GatewayError("DEFAULT_5XX", 502, "Internal server error", "InternalServerErrorException"),
} as const;
