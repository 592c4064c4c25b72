import type { APIGatewayProxyEvent } from "aws-lambda";
import { DAY_PATTERN, SCHEMAS } from "../../contract/schemas";
import type { JsonSchema } from "../../contract/types";
import { BadRequestError, UnsupportedMediaTypeError } from "./errors";
import { header } from "./http";

/**
 * Request bodies are validated again in the handler against the contract's schemas: the gateway's validator is the
 * first line, this is defence in depth for any path that bypasses it (a direct invoke, a mis-deployed validator).
 *
 * A small validator of exactly the keywords `contract/types.ts` allows (its `JsonSchema` type is the whole
 * language), rather than `@cfworker/json-schema`: that package ships 416 KB (ESM, CommonJS and sources) in every
 * function, 40% of the 1 MiB budget, for five closed request schemas. `tests/handlers/lib/validate.test.ts` proves
 * it agrees with Ajv (draft 4) on valid and invalid bodies of every request schema.
 */

/** A compiled validator for one named schema. */
export type BodyValidator = (value: unknown) => void;

/** One failed check: where in the value (a JSON pointer) and which keyword. */
export interface SchemaViolation {
    location: string;
    keyword: string;
}

const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

const FORMATS: Record<string, RegExp> = {
    date: /^\d{4}-\d{2}-\d{2}$/,
    "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

/**
 * Checks `value` against `schema`; returns the first violation or undefined. `$ref`s name `SCHEMAS` entries
 * (`#/components/schemas/<Name>`), as in the OpenAPI document.
 */
export function checkSchema(schema: JsonSchema, value: unknown, location = ""): SchemaViolation | undefined {
    const fail = (keyword: string, at = location): SchemaViolation => ({ location: at === "" ? "/" : at, keyword });
    if (schema.$ref !== undefined) {
        const target = SCHEMAS[schema.$ref.replace("#/components/schemas/", "")];
        if (target === undefined) throw new Error(`Unresolvable $ref ${schema.$ref}`);
        return checkSchema(target, value, location);
    }
    const t = typeOf(value);
    if (schema.type !== undefined) {
        const ok = schema.type === "integer" ? Number.isInteger(value) : schema.type === t;
        if (!ok) return fail("type");
    }
    if (schema.enum !== undefined && !schema.enum.some((e) => e === value)) return fail("enum");
    if (t === "string") {
        const s = value as string;
        const length = [...s].length;
        if (schema.minLength !== undefined && length < schema.minLength) return fail("minLength");
        if (schema.maxLength !== undefined && length > schema.maxLength) return fail("maxLength");
        if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(s)) return fail("pattern");
        if (schema.format !== undefined && FORMATS[schema.format] !== undefined && !FORMATS[schema.format].test(s)) return fail("format");
    }
    if (t === "number") {
        const n = value as number;
        if (schema.minimum !== undefined && n < schema.minimum) return fail("minimum");
        if (schema.maximum !== undefined && n > schema.maximum) return fail("maximum");
    }
    if (t === "array") {
        const a = value as unknown[];
        if (schema.minItems !== undefined && a.length < schema.minItems) return fail("minItems");
        if (schema.maxItems !== undefined && a.length > schema.maxItems) return fail("maxItems");
        if (schema.uniqueItems && new Set(a.map((x) => JSON.stringify(x))).size !== a.length) return fail("uniqueItems");
        if (schema.items !== undefined) {
            for (const [i, item] of a.entries()) {
                const v = checkSchema(schema.items, item, `${location}/${i}`);
                if (v !== undefined) return v;
            }
        }
    }
    if (t === "object") {
        const o = value as Record<string, unknown>;
        for (const name of schema.required ?? []) if (!Object.prototype.hasOwnProperty.call(o, name)) return fail("required", `${location}/${name}`);
        for (const [name, v] of Object.entries(o)) {
            const sub = schema.properties?.[name] ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
            if (sub === undefined) {
                if (schema.additionalProperties === false) return fail("additionalProperties", `${location}/${name}`);
                continue;
            }
            const violation = checkSchema(sub, v, `${location}/${name}`);
            if (violation !== undefined) return violation;
        }
    }
    return undefined;
}

/**
 * Control characters other than tab, line feed and carriage return (C0, DEL, C1), and lone UTF-16 surrogates:
 * PostgreSQL refuses NUL in text (SQLSTATE 22021), so a product name stored in DynamoDB with one failed every later
 * order for it (issue 12). The contract's text patterns refuse them in every free-text field; this net refuses them
 * in any request body string, so a string field added without a pattern cannot carry them to a store.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string in `value` holding a {@link CONTROL} character, as a violation of keyword `pattern`. */
export function controlCharacterIn(value: unknown, location = ""): SchemaViolation | undefined {
    if (typeof value === "string") return CONTROL.test(value) ? { location: location === "" ? "/" : location, keyword: "pattern" } : undefined;
    if (typeof value !== "object" || value === null) return undefined;
    for (const [k, v] of Object.entries(value)) {
        const found = controlCharacterIn(v, `${location}/${k}`);
        if (found !== undefined) return found;
    }
    return undefined;
}

/**
 * Compiles the contract schema `name` into a validator that throws a 400 `ValidationError` naming the offending
 * location (client data) and keyword; never the schema itself.
 */
export function compileSchema(name: string): BodyValidator {
    const schema = SCHEMAS[name];
    if (schema === undefined) throw new Error(`No schema named ${name} in the contract`);
    return (value: unknown) => {
        const violation = checkSchema(schema, value) ?? controlCharacterIn(value);
        if (violation === undefined) return;
        throw new BadRequestError(`Invalid request: body${violation.location === "/" ? "" : violation.location} fails '${violation.keyword}'.`, "ValidationError");
    };
}

/**
 * Parses a JSON body: 415 unless `Content-Type` is `application/json` (parameters such as charset allowed),
 * 400 `InvalidJson` for an empty or unparsable body.
 */
export function parseJsonBody(event: Pick<APIGatewayProxyEvent, "headers" | "body" | "isBase64Encoded">): unknown {
    const type = (header(event.headers, "content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json") throw new UnsupportedMediaTypeError();
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body ?? "";
    if (text.trim() === "") throw new BadRequestError("The request body is empty.", "InvalidJson");
    try {
        return JSON.parse(text);
    } catch {
        throw new BadRequestError("The request body is not valid JSON.", "InvalidJson");
    }
}

/**
 * The contract's day format and range, checked here because API Gateway's validator only checks that a query
 * parameter is present, and the fuzz harness calls the functions directly.
 */
const DAY = new RegExp(DAY_PATTERN);
/** `YYYY-MM-DD` that is a real calendar day from 1970 to 9999 (the contract's range), as a UTC midnight Date; otherwise undefined. */
export function parseDay(value: string | undefined): Date | undefined {
    if (value === undefined || !DAY.test(value)) return undefined;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? date : undefined;
}

/** Ids in paths follow the contract's ID pattern; anything else is a 404, as it cannot name a resource. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
