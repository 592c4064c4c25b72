/**
 * What the API answers besides its operations' bodies, written once: API Gateway's own answers (gateway responses)
 * and the headers every answer carries. The REST API body (openapi.ts), the local gateway, the portal's error
 * reference and the handlers' response builder all render these tables; none keeps its own copy.
 */

/** How a gateway response's body names its text: API Gateway's `message`, or `Message` for an authorizer's deny. */
export type MessageKey = "message" | "Message";

/** One gateway response type: what API Gateway answers, and whether the REST API customizes it. */
export interface GatewayResponseSpec {
    /** HTTP status; a family (`4XX`, `5XX`) where API Gateway picks the status per error. */
    status: number | "4XX" | "5XX";
    /** `$context.error.messageString` as API Gateway words it; `null` where it sends none (authorizer errors). */
    message: string | null;
    /** The body's key for the message. */
    messageKey: MessageKey;
    /** Whether the body carries `validation`, the request validator's report (`$context.error.validationErrorString`). */
    validation?: true;
    /** The `x-amzn-ErrorType` header API Gateway sends with it, when it sends one. */
    errorType?: string;
    /** Whether the REST API body customizes it (`x-amazon-apigateway-gateway-responses`) and the portal documents it. */
    customized: boolean;
    /** When a client meets it, for the error reference. */
    when: string;
}

/**
 * API Gateway's answers, in the order the REST API body lists the customized ones. The customized bodies stay API
 * Gateway's own shape so clients written against API Gateway keep working: `{"message": ...}`, except that the
 * built-in ACCESS_DENIED (the two authorizer-policy denials) answers with a capitalised `Message`, which
 * customizing DEFAULT_4XX would silently lowercase, so it is kept explicitly. AUTHORIZER_CONFIGURATION_ERROR and
 * INVALID_SIGNATURE are left at API Gateway's defaults; the local gateway produces them all the same.
 */
export const GATEWAY_RESPONSES = {
    DEFAULT_4XX: { status: "4XX", message: null, messageKey: "message", customized: true, when: "Any other client error API Gateway raises itself." },
    DEFAULT_5XX: {
        status: "5XX",
        message: "Internal server error",
        messageKey: "message",
        errorType: "InternalServerErrorException",
        customized: true,
        when: "Any other gateway failure, e.g. an authorizer that fails or a malformed handler result (502).",
    },
    UNAUTHORIZED: { status: 401, message: "Unauthorized", messageKey: "message", errorType: "UnauthorizedException", customized: true, when: "No `Authorization` header, or the token is invalid or expired." },
    ACCESS_DENIED: {
        status: 403,
        message: "User is not authorized to access this resource with an explicit deny",
        messageKey: "Message",
        errorType: "AccessDeniedException",
        customized: true,
        when: "The token lacks the scope or group the operation needs.",
    },
    MISSING_AUTHENTICATION_TOKEN: {
        status: 403,
        message: "Missing Authentication Token",
        messageKey: "message",
        errorType: "MissingAuthenticationTokenException",
        customized: true,
        when: "No such path or method (API Gateway does not reveal which).",
    },
    INVALID_API_KEY: { status: 403, message: "Forbidden", messageKey: "message", errorType: "ForbiddenException", customized: true, when: "The `x-api-key` header is missing or names no key of a usage plan." },
    THROTTLED: { status: 429, message: "Too Many Requests", messageKey: "message", errorType: "TooManyRequestsException", customized: true, when: "Over the tier's rate and burst, or the stage's. Retry with backoff." },
    QUOTA_EXCEEDED: { status: 429, message: "Limit Exceeded", messageKey: "message", errorType: "LimitExceededException", customized: true, when: "The key's quota for the period is spent; it resets when the period ends." },
    BAD_REQUEST_BODY: {
        status: 400,
        message: "Invalid request body",
        messageKey: "message",
        validation: true,
        errorType: "BadRequestException",
        customized: true,
        when: "The body fails the operation's schema; `validation` says what failed.",
    },
    BAD_REQUEST_PARAMETERS: {
        status: 400,
        message: "Missing required request parameters: [name, ...]",
        messageKey: "message",
        errorType: "BadRequestException",
        customized: true,
        when: "A required header or query parameter is missing.",
    },
    REQUEST_TOO_LARGE: { status: 413, message: "Request Too Long", messageKey: "message", customized: true, when: "The body is over 10 MB." },
    INTEGRATION_TIMEOUT: { status: 504, message: "Endpoint request timed out", messageKey: "message", customized: true, when: "The handler ran past the integration timeout." },
    WAF_FILTERED: { status: 403, message: "Forbidden", messageKey: "message", customized: true, when: "A WAF rule blocked the request (rate per IP, geography, managed rules)." },
    AUTHORIZER_CONFIGURATION_ERROR: {
        status: 500,
        message: null,
        messageKey: "message",
        errorType: "AuthorizerConfigurationException",
        customized: false,
        when: "The authorizer failed or answered something that is not a policy.",
    },
    INVALID_SIGNATURE: {
        status: 403,
        message: "The request signature we calculated does not match the signature you provided.",
        messageKey: "message",
        errorType: "InvalidSignatureException",
        customized: false,
        when: "A SigV4 signature that does not match the request as API Gateway received it.",
    },
} as const satisfies Record<string, GatewayResponseSpec>;

/** A gateway response type, named as in API Gateway's GatewayResponse API. */
export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

/** The types the REST API customizes, in the body's order. */
export type CustomizedGatewayResponseType = { [T in GatewayResponseType]: (typeof GATEWAY_RESPONSES)[T]["customized"] extends true ? T : never }[GatewayResponseType];

/** The gateway response types the REST API customizes, in the order its body lists them. */
export const GATEWAY_RESPONSE_TYPES = (Object.keys(GATEWAY_RESPONSES) as GatewayResponseType[]).filter(
    (type): type is CustomizedGatewayResponseType => GATEWAY_RESPONSES[type].customized,
);

/** The variables of a gateway response template, as API Gateway substitutes them. */
export const TEMPLATE_VARIABLES = {
    message: "$context.error.messageString",
    validation: "$context.error.validationErrorString",
} as const;

/**
 * The body template the stage renders for a response type. Templates get simple variable substitution only, no
 * VTL and no `$util` (API Gateway developer guide, x-amazon-apigateway-gateway-responses.responseTemplates), so
 * `validationErrorString` sits inside quotes as API Gateway's own examples place it; `messageString` arrives quoted.
 */
export function gatewayResponseTemplate(type: GatewayResponseType): string {
    const spec: GatewayResponseSpec = GATEWAY_RESPONSES[type];
    const validation = spec.validation ? `,"validation":"${TEMPLATE_VARIABLES.validation}"` : "";
    return `{"${spec.messageKey}":${TEMPLATE_VARIABLES.message}${validation}}`;
}

/**
 * A gateway response body as a client receives it: the template with `$context.error.messageString` replaced by
 * the quoted message (a bare `null` when there is none: an authorizer configuration error answers
 * `{"message":null}`) and `$context.error.validationErrorString` by the validator's report, whose inner quotes
 * arrive escaped, as in API Gateway's bodies.
 */
export function renderGatewayBody(type: GatewayResponseType, message: string | null, validationErrorString = ""): string {
    const messageString = message === null ? "null" : JSON.stringify(message);
    return gatewayResponseTemplate(type)
        .replace(TEMPLATE_VARIABLES.message, messageString)
        .replace(TEMPLATE_VARIABLES.validation, JSON.stringify(validationErrorString).slice(1, -1));
}

/**
 * Headers every response carries, the functions' and the gateway's alike. The API serves JSON only, so the
 * strictest browser policy costs nothing; responses carry per-user data, so nothing may be cached by shared caches.
 */
export const SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
} as const satisfies Record<string, string>;

/**
 * Headers of every gateway response, as the REST API body sets them. Only those a client acts on: the others of
 * {@link SECURITY_HEADERS} reach browsers through CloudFront's response-headers policy.
 */
export const GATEWAY_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
    "Content-Type": "application/json",
    "X-Content-Type-Options": SECURITY_HEADERS["X-Content-Type-Options"],
    "Cache-Control": SECURITY_HEADERS["Cache-Control"],
};

/** Headers a browser may send cross-origin; the preflight answer lists exactly these. */
export const CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "X-Api-Key", "X-Amz-Date", "X-Amz-Security-Token"];
/** Seconds a browser may cache a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;
/** Response headers a browser script may read from the functions' answers. */
export const CORS_EXPOSE_HEADERS = ["ETag", "Location"];

/**
 * The CORS headers of an answer to an allowed origin (never sent for any other, so the browser blocks the
 * response). `Vary: Origin` because the answer depends on the caller's origin.
 *
 * @param exposeHeaders - whether to let scripts read {@link CORS_EXPOSE_HEADERS} (the functions' answers).
 */
export function allowOriginHeaders(origin: string, exposeHeaders = false): Record<string, string> {
    return {
        "Access-Control-Allow-Origin": origin,
        ...(exposeHeaders ? { "Access-Control-Expose-Headers": CORS_EXPOSE_HEADERS.join(", ") } : {}),
        Vary: "Origin",
    };
}

/**
 * The static headers of a resource's preflight answer (its MOCK integration), besides the origin echo.
 *
 * @param methods - the resource's methods, upper case.
 */
export function preflightHeaders(methods: readonly string[]): Record<string, string> {
    return {
        "Access-Control-Allow-Methods": [...methods, "OPTIONS"].join(","),
        "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS.join(","),
        "Access-Control-Max-Age": String(CORS_MAX_AGE_SECONDS),
        Vary: "Origin",
    };
}
