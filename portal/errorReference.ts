import { API_VERSION, buildOpenApi, GATEWAY_RESPONSE_TYPES, ROUTE_FUNCTIONS, type RouteFunction } from "../contract";
import type { HandlerErrorCode } from "./errorCodes";
import { code, table } from "./markdown";

/** The gateway response types the REST API customizes, as the contract declares them. */
export type GatewayResponseType = (typeof GATEWAY_RESPONSE_TYPES)[number];

/**
 * What API Gateway answers for each gateway response type: the status and `$context.error.messageString`.
 * These are API Gateway's documented defaults, so they are written down here; the types come from the contract,
 * and the `Record` makes the compiler reject a type added there but not described here.
 */
export const GATEWAY_RESPONSES: Readonly<Record<GatewayResponseType, { status: string; message: string; when: string }>> = {
    MISSING_AUTHENTICATION_TOKEN: { status: "403", message: "Missing Authentication Token", when: "No such path or method (API Gateway does not reveal which)." },
    INVALID_API_KEY: { status: "403", message: "Forbidden", when: "The `x-api-key` header is missing or names no key of a usage plan." },
    UNAUTHORIZED: { status: "401", message: "Unauthorized", when: "No `Authorization` header, or the token is invalid or expired." },
    ACCESS_DENIED: { status: "403", message: "User is not authorized to access this resource with an explicit deny", when: "The token lacks the scope or group the operation needs." },
    THROTTLED: { status: "429", message: "Too Many Requests", when: "Over the tier's rate and burst, or the stage's. Retry with backoff." },
    QUOTA_EXCEEDED: { status: "429", message: "Limit Exceeded", when: "The key's quota for the period is spent; it resets when the period ends." },
    BAD_REQUEST_BODY: { status: "400", message: "Invalid request body", when: "The body fails the operation's schema; `validation` says what failed." },
    BAD_REQUEST_PARAMETERS: { status: "400", message: "Missing required request parameters: [name, ...]", when: "A required header or query parameter is missing." },
    REQUEST_TOO_LARGE: { status: "413", message: "Request Too Long", when: "The body is over 10 MB." },
    INTEGRATION_TIMEOUT: { status: "504", message: "Endpoint request timed out", when: "The handler ran past the integration timeout." },
    WAF_FILTERED: { status: "403", message: "Forbidden", when: "A WAF rule blocked the request (rate per IP, geography, managed rules)." },
    DEFAULT_4XX: { status: "4XX", message: "(API Gateway's message)", when: "Any other client error API Gateway raises itself." },
    DEFAULT_5XX: { status: "5XX", message: "Internal server error", when: "Any other gateway failure, e.g. an authorizer that fails or a malformed handler result (502)." },
};

/** Placeholders that only exist once resources do; the gateway-response templates do not depend on them. */
const PLACEHOLDER_FUNCTIONS = Object.fromEntries(ROUTE_FUNCTIONS.map((f) => [f, `arn:aws:lambda:eu-west-1:000000000000:function:${f}`])) as Record<RouteFunction, string>;

/**
 * The body template the deployed REST API uses for each gateway response type, read from the contract's AWS
 * document so the reference shows exactly what API Gateway will send.
 */
export function gatewayResponseTemplates(): Record<string, string> {
    const doc = buildOpenApi({
        aws: {
            region: "eu-west-1",
            functionArns: PLACEHOLDER_FUNCTIONS,
            authorizer: { functionArn: PLACEHOLDER_FUNCTIONS.health, resultTtlSeconds: 0 },
            integrationTimeoutMs: 10000,
            corsOrigins: [],
        },
    });
    const responses = doc["x-amazon-apigateway-gateway-responses"] as Record<string, { responseTemplates: Record<string, string> }>;
    return Object.fromEntries(Object.entries(responses).map(([type, r]) => [type, r.responseTemplates["application/json"]]));
}

/** An example of `$context.error.validationErrorString`, in API Gateway's validator wording. */
export const EXAMPLE_VALIDATION = '[object has missing required properties (["name"])]';

/** The body a client receives: the template with API Gateway's message (and an example validation report) substituted. */
export function gatewayBody(template: string, message: string): string {
    return template
        .replace("$context.error.messageString", JSON.stringify(message))
        .replace("$context.error.validationErrorString", JSON.stringify(EXAMPLE_VALIDATION).slice(1, -1));
}

/** The error reference page in Markdown: gateway responses first (they come before any handler), then handler codes. */
export function errorsMarkdown(handlerCodes: readonly HandlerErrorCode[]): string {
    const templates = gatewayResponseTemplates();
    const gatewayRows = GATEWAY_RESPONSE_TYPES.map((type) => {
        const r = GATEWAY_RESPONSES[type];
        const template = templates[type];
        if (template === undefined) throw new Error(`The contract declares gateway response ${type} without a body template`);
        return [code(type), r.status, code(gatewayBody(template, r.message)), r.when];
    });
    return [
        "# Errors",
        "",
        `Every error of API version ${API_VERSION} is JSON. Branch on the status and the code, never on the message.`,
        "",
        "## Gateway responses",
        "",
        "API Gateway answers these itself, before any handler runs. Two shapes exist, and both are API Gateway's own:",
        "",
        "- `{\"message\": \"...\"}` for every type except one; `BAD_REQUEST_BODY` adds `validation`, the validator's report of what failed.",
        "- `{\"Message\": \"...\"}` (capital M) for `ACCESS_DENIED`: the authorizer returned a policy that denies the call, explicitly (the token lacks the operation's scope or group) or by not allowing it. This is the body API Gateway itself sends for an authorizer's deny, kept as it is so clients written against API Gateway keep working.",
        "",
        "Read the message case-insensitively if you log it; branch only on the status.",
        "",
        table(["Type", "Status", "Body", "When"], gatewayRows),
        "",
        "## Handler error codes",
        "",
        "Handlers answer `{\"error\": {\"code\", \"message\", \"requestId\"}}`. Quote the `requestId` to support.",
        "A 503 carries `Retry-After`; nothing was changed, so retrying with backoff is safe.",
        "",
        table(
            ["Code", "Status", "Meaning"],
            handlerCodes.map((c) => [code(c.code), c.status, c.description]),
        ),
        "",
    ].join("\n");
}
