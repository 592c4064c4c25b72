/**
 * What must hold for every answer to a fuzzed request, whoever serves it (the handlers, `npm start`, a stage).
 */

/** An answer as the fuzzer saw it. */
export interface FuzzAnswer {
    status: number;
    /** The raw body text. */
    text: string;
}

/**
 * Text that only an internal failure puts in a body: stack frames, exception names, store and SQL diagnostics,
 * AWS resource names and file paths. A client-facing message never needs any of them.
 */
const LEAKS = /\bat [\w$.<>]+ \(|\bat (?:async )?[\w$./\\-]+:\d+:\d+|(?:Type|Reference|Syntax|Range|URI)Error\b|SQLState|PostgreSQL|pglite|ValidationException|BadRequestException|DatabaseErrorException|arn:aws:|node_modules|\.ts:\d+|\.js:\d+|\bSELECT\b.*\bFROM\b|ExclusiveStartKey|AttributeValue/i;

/** The error shape every handler answers with (contract SCHEMAS.Error). */
export function isErrorShape(body: unknown): boolean {
    const error = (body as { error?: Record<string, unknown> } | null)?.error;
    return typeof error === "object" && error !== null && ["code", "message", "requestId"].every((k) => typeof error[k] === "string" && error[k] !== "");
}

/**
 * The invariants of one answer: no 5xx (a 503 only while a store is deliberately paused), the standard error shape
 * for every 4xx and 5xx, and nothing internal in the body. Returns the broken ones, described; empty when all hold.
 *
 * @param answer - status and body.
 * @param opts.storePaused - a store was paused on purpose for this request.
 * @param opts.gatewayShapes - statuses whose body may be API Gateway's own `{"message": ...}` (the HTTP targets).
 */
export function brokenInvariants(answer: FuzzAnswer, opts: { storePaused?: boolean; gatewayShapes?: readonly number[] } = {}): string[] {
    const broken: string[] = [];
    if (answer.status >= 500 && !(answer.status === 503 && opts.storePaused)) broken.push(`answered ${answer.status}`);
    if (answer.status >= 400) {
        let body: unknown;
        try {
            body = JSON.parse(answer.text);
        } catch {
            body = undefined;
        }
        const gateway = opts.gatewayShapes?.includes(answer.status) && typeof (body as { message?: unknown } | undefined)?.message === "string";
        if (!isErrorShape(body) && !gateway) broken.push(`${answer.status} without the error shape: ${answer.text.slice(0, 200)}`);
    }
    const leak = LEAKS.exec(answer.text);
    if (leak !== null) broken.push(`body shows internal detail "${leak[0]}": ${answer.text.slice(0, 200)}`);
    return broken;
}

/** Every `customerId` in a body (an order or a page of orders), to check a customer sees only their own. */
export function customerIdsIn(body: unknown): string[] {
    const found: string[] = [];
    const walk = (v: unknown) => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (typeof v === "object" && v !== null) {
            for (const [k, x] of Object.entries(v)) {
                if (k === "customerId" && typeof x === "string") found.push(x);
                else walk(x);
            }
        }
    };
    walk(body);
    return found;
}
