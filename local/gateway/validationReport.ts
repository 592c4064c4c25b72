import type { ErrorObject } from "ajv";

/**
 * ajv's errors as API Gateway's `$context.error.validationErrorString`: the messages of the JSON Schema validator
 * API Gateway runs (draft 4), comma-separated in brackets, e.g. `[object has missing required properties
 * (["name"])]` or `[numeric instance is lower than the required minimum (minimum: 1, found: 0)]`. Keywords ajv and
 * that validator name alike are worded as it words them; any other keyword falls back to ajv's own message, so a
 * report is never empty. Missing properties of one object are reported together, sorted, as it reports them.
 *
 * @param errors - ajv's errors, with `allErrors` on so every failure is reported.
 * @param data - the validated instance, to quote strings and count array items as the messages do.
 */
export function validationErrorString(errors: readonly ErrorObject[], data: unknown): string {
    const missing = new Map<string, string[]>();
    const messages: string[] = [];
    for (const e of errors) {
        if (e.keyword === "required") {
            const at = e.instancePath;
            if (!missing.has(at)) {
                missing.set(at, []);
                messages.push(`\u0000required:${at}`);
            }
            missing.get(at)!.push(String(e.params.missingProperty));
            continue;
        }
        messages.push(describe(e, valueAt(data, e.instancePath)));
    }
    const text = messages.map((m) => {
        if (!m.startsWith("\u0000required:")) return m;
        const names = missing.get(m.slice("\u0000required:".length))!.sort();
        return `object has missing required properties (${JSON.stringify(names)})`;
    });
    return `[${text.join(", ")}]`;
}

function describe(e: ErrorObject, value: unknown): string {
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
        case "type":
            return `instance type (${typeName(value)}) does not match any allowed primitive type (allowed: ${JSON.stringify([p.type].flat())})`;
        case "minimum":
            return `numeric instance is lower than the required minimum (minimum: ${p.limit}, found: ${value})`;
        case "maximum":
            return `numeric instance is greater than the required maximum (maximum: ${p.limit}, found: ${value})`;
        case "minLength":
            return `string ${JSON.stringify(value)} is too short (length: ${String(value).length}, required minimum: ${p.limit})`;
        case "maxLength":
            return `string ${JSON.stringify(value)} is too long (length: ${String(value).length}, maximum allowed: ${p.limit})`;
        case "pattern":
            return `ECMA 262 regex ${JSON.stringify(p.pattern)} does not match input string ${JSON.stringify(value)}`;
        case "enum":
            return `instance value (${JSON.stringify(value)}) not found in enum (possible values: ${JSON.stringify(p.allowedValues)})`;
        case "additionalProperties":
            return `object instance has properties which are not allowed by the schema: ${JSON.stringify([p.additionalProperty])}`;
        case "minItems":
            return `array is too short: must have at least ${p.limit} elements but instance has ${(value as unknown[]).length} elements`;
        case "maxItems":
            return `array is too long: must have at most ${p.limit} elements but instance has ${(value as unknown[]).length} elements`;
        default:
            return `${e.instancePath || "instance"} ${e.message ?? e.keyword}`;
    }
}

/** The validator's primitive type names: JSON's, with integer told from number. */
function typeName(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function valueAt(data: unknown, pointer: string): unknown {
    let here = data;
    for (const part of pointer.split("/").slice(1)) {
        const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
        here = here !== null && typeof here === "object" ? (here as Record<string, unknown>)[key] : undefined;
    }
    return here;
}
