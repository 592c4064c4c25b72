import { API_VERSION, GATEWAY_RESPONSE_TYPES, GATEWAY_RESPONSES, renderGatewayBody, ROUTE_FUNCTIONS } from "../contract";
import { MANIFESTS, type FunctionKey } from "../handlers";
import { ERROR_CODES, type ErrorCode } from "../handlers/errorCodes";
import { code, table } from "./markdown";

/** An example of `$context.error.validationErrorString`, in API Gateway's validator wording. */
export const EXAMPLE_VALIDATION = '[object has missing required properties (["name"])]';

/** Shown for a response type whose message API Gateway words per error. */
const VARYING_MESSAGE = "(API Gateway's message)";

/** One row of the handler codes: the table's code, status and meaning, and the functions that answer it. */
export interface HandlerErrorCode {
    code: ErrorCode;
    status: number;
    description: string;
    /** The functions whose manifest lists the code, in the manifests' order. */
    answeredBy: FunctionKey[];
}

/** Every code of handlers/errorCodes.ts with the functions that can answer it (their manifests), by status, then code. */
export function handlerErrorCodes(): HandlerErrorCode[] {
    const functions = Object.keys(MANIFESTS) as FunctionKey[];
    return (Object.keys(ERROR_CODES) as ErrorCode[])
        .map((c) => ({ code: c, ...ERROR_CODES[c], answeredBy: functions.filter((f) => MANIFESTS[f].errors?.includes(c)) }))
        .sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
}

/** Who answers a code, for the reference: "every function" when all the API's functions do. */
function answeredBy(functions: readonly FunctionKey[]): string {
    if (functions.length === 0) throw new Error("An error code no function answers has no place in the reference");
    return ROUTE_FUNCTIONS.every((f) => functions.includes(f)) ? "every API function" : functions.join(", ");
}

/** The error reference page in Markdown: gateway responses first (they come before any handler), then handler codes. */
export function errorsMarkdown(handlerCodes: readonly HandlerErrorCode[] = handlerErrorCodes()): string {
    const gatewayRows = GATEWAY_RESPONSE_TYPES.map((type) => {
        const r = GATEWAY_RESPONSES[type];
        const body = renderGatewayBody(type, r.message ?? VARYING_MESSAGE, EXAMPLE_VALIDATION);
        return [code(type), String(r.status), code(body), r.when];
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
            ["Code", "Status", "Meaning", "Answered by"],
            handlerCodes.map((c) => [code(c.code), c.status, c.description, answeredBy(c.answeredBy)]),
        ),
        "",
    ].join("\n");
}
