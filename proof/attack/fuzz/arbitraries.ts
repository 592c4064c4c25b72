import { createHmac } from "crypto";
import fc from "fast-check";
import { DAY_PATTERN, END_OF_TEXT, ID_SCHEMA, MULTILINE_TEXT_PATTERN, PLAIN_TEXT_PATTERN, SCHEMAS } from "../../../contract/schemas";
import type { JsonSchema, Parameter, Route } from "../../../contract/types";

/**
 * fast-check generators derived from the contract: for any route, requests whose every parameter, header and body
 * field is absent, valid, on a boundary, hostile or of the wrong structure. Nothing here lists routes or fields by
 * hand; a new route or field in contract/ is fuzzed the day it is added.
 */

/** What the target knows that makes generated requests reach deeper than a 404. */
export interface FuzzContext {
    /** Ids that exist (products, orders): an id field gets one of them three times in four. */
    ids?: readonly string[];
    /** Values for a `cursor` parameter (see {@link cursorArbitrary}). */
    cursors?: fc.Arbitrary<string>;
}

/** Strings that have broken parsers, stores or logs somewhere: the seeds every string field is also tried with. */
export const HOSTILE_STRINGS: readonly string[] = [
    "", " ", "\u0000", "a\u0000b", "\u0001\u001f\u007f\u0085", "\ud800", "x\udc00y", "\ud83d\ude00", "\u202e\u200b", "\r\n\t",
    "'; DROP TABLE orders;--", "' OR '1'='1", "\" OR 1=1 --", ":afterAt", "$1", "attribute_not_exists(pk)", "#pk", "${jndi:ldap://x/a}",
    "{{7*7}}", "<script>alert(1)</script>", "../../etc/passwd", "%00", "%zz", "\\", "null", "[]", "{}", "true", "NaN", "Infinity",
    "-0", "1e309", "-1", "0x10", "9".repeat(400), "0000-01-01", "9999-12-31", "10000-01-01", "2024-02-30", "1969-12-31",
    "0000-01-01T00:00:00Z", "+275760-09-13T00:00:00.000Z", "x".repeat(5000),
];

/** A hostile string: a seed, arbitrary code units (lone surrogates included), or a seed spliced into random text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 80 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 10 })).map((p) => p.join("")) },
);

const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref === undefined ? schema : resolve(SCHEMAS[schema.$ref.replace("#/components/schemas/", "")] ?? {});

const DATE_TIMES = fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString());
/** Calendar days the contract's DAY_PATTERN admits that also exist (no 02-30), recent ones often (reports with data). */
const DAYS = fc.oneof(DATE_TIMES, fc.date({ min: new Date(Date.UTC(2026, 0, 1)), max: new Date(Date.UTC(2026, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString())).map((t) => t.slice(0, 10));

/**
 * Text a text pattern admits: printable ASCII and printable Unicode (what people type), in lines joined by the
 * separators the pattern allows, and sometimes anything the pattern itself generates (unassigned and astral code
 * points, surrogate pairs).
 */
function textValue(pattern: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
    const re = new RegExp(pattern, "u");
    // fast-check cannot generate from a lookahead; `$` means the same in JavaScript.
    const generated = fc.stringMatching(new RegExp(`${pattern.slice(0, -END_OF_TEXT.length)}$`, "u"));
    const part = fc.oneof(fc.string({ unit: "grapheme-ascii", maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }));
    const separators = [" ", "\n", "\r\n", "\t"].filter((s) => re.test(s));
    const lines = fc.tuple(fc.array(part, { minLength: 1, maxLength: 3 }), fc.constantFrom(...separators)).map(([parts, sep]) => parts.join(sep));
    return fc.oneof({ weight: 3, arbitrary: lines }, { weight: 1, arbitrary: generated }).filter((s) => re.test(s) && [...s].length >= minLength && [...s].length <= maxLength);
}

/** Values the schema accepts (the contract's own constraints, so the handler's happy paths are reached too). */
export function validValue(input: JsonSchema, depth = 0, ctx: FuzzContext = {}): fc.Arbitrary<unknown> {
    const schema = resolve(input);
    if (schema.pattern === ID_SCHEMA.pattern && ctx.ids !== undefined && ctx.ids.length > 0) {
        return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.ids) }, { weight: 1, arbitrary: fc.stringMatching(new RegExp(schema.pattern as string, "u")) });
    }
    if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
        case "string": {
            const maxLength = schema.maxLength ?? 64;
            if (schema.pattern === PLAIN_TEXT_PATTERN || schema.pattern === MULTILINE_TEXT_PATTERN) return textValue(schema.pattern, schema.minLength ?? 0, maxLength);
            if (schema.pattern === DAY_PATTERN) return DAYS;
            if (schema.pattern !== undefined) {
                return fc.stringMatching(new RegExp(schema.pattern, "u")).filter((s) => [...s].length >= (schema.minLength ?? 0) && [...s].length <= maxLength);
            }
            if (schema.format === "date-time") return DATE_TIMES;
            return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(maxLength, 40) });
        }
        case "integer":
            return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
        case "number":
            return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
        case "boolean":
            return fc.boolean();
        case "array":
            return fc.array(validValue(schema.items ?? {}, depth + 1, ctx), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, depth === 0 ? 4 : 2) });
        case "object": {
            const props = schema.properties ?? {};
            const required = schema.required ?? [];
            return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v, depth + 1, ctx)])), { requiredKeys: required.filter((k) => k in props) });
        }
        default:
            return fc.jsonValue({ maxDepth: 2 });
    }
}

/** Values on and just past the schema's edges: empty, max length, max+1, minimum-1, maximum+1, huge, fractional. */
export function boundaryValue(input: JsonSchema): fc.Arbitrary<unknown> {
    const schema = resolve(input);
    if (schema.type === "string") {
        const lengths = [0, 1, schema.minLength, schema.minLength === undefined ? undefined : schema.minLength - 1, schema.maxLength, schema.maxLength === undefined ? undefined : schema.maxLength + 1]
            .filter((n): n is number => n !== undefined && n >= 0);
        return fc.oneof(fc.constantFrom(...lengths).chain((n) => fc.constantFrom("x".repeat(n), "\u00e9".repeat(n), "\ud83d\ude00".repeat(n))), fc.constantFrom(...HOSTILE_STRINGS));
    }
    if (schema.type === "integer" || schema.type === "number") {
        const edges = [schema.minimum, schema.maximum, schema.minimum === undefined ? undefined : schema.minimum - 1, schema.maximum === undefined ? undefined : schema.maximum + 1]
            .filter((n): n is number => n !== undefined);
        return fc.constantFrom(...edges, 0, -0, 0.5, -1, 2 ** 31, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, Number.MAX_SAFE_INTEGER, 1e21);
    }
    if (schema.type === "array") return fc.constantFrom([], Array.from({ length: (schema.maxItems ?? 10) + 1 }, () => ({})));
    return fc.constantFrom(null, {}, [], "", 0);
}

/** Any JSON at all, of any type: the "wrong type" mutation. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(null, true, 0, -1, 1.5, "", [], {}, [null], { "": null }), hostileString, fc.jsonValue({ maxDepth: 2 }));

/** A value for a schema: mostly valid, else a boundary, a hostile string or a value of the wrong type. */
export function fuzzValue(schema: JsonSchema, depth = 0, ctx: FuzzContext = {}): fc.Arbitrary<unknown> {
    const s = resolve(schema);
    const nested = s.type === "object" && depth < 3
        ? fuzzObject(s, depth, ctx)
        : s.type === "array" && depth < 3
          ? fc.array(fuzzValue(s.items ?? {}, depth + 1, ctx), { maxLength: 4 })
          : validValue(s, depth, ctx);
    return fc.oneof({ weight: 4, arbitrary: nested }, { weight: 2, arbitrary: boundaryValue(s) }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: wrongType });
}

/** An object for an object schema with structural mutations: fields missing, extra, of any value; sometimes null. */
function fuzzObject(schema: JsonSchema, depth: number, ctx: FuzzContext): fc.Arbitrary<unknown> {
    const props = schema.properties ?? {};
    const fields = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fuzzValue(v, depth + 1, ctx)])), {
        requiredKeys: (schema.required ?? []).filter((k) => k in props),
    });
    const extra = fc.dictionary(fc.oneof(fc.constantFrom("__proto__", "constructor", "admin", "customerId", "version", ""), hostileString), wrongType, { maxKeys: 2 });
    return fc.oneof(
        { weight: 4, arbitrary: fields },
        { weight: 1, arbitrary: fc.tuple(fields, extra).map(([f, e]) => ({ ...(f as object), ...e })) },
        { weight: 1, arbitrary: fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fuzzValue(v, depth + 1, ctx)])), { requiredKeys: [] }) },
    );
}

/** Raw bodies no serializer would write: broken JSON, duplicated keys, deep nesting, huge numbers, other encodings. */
export const rawBody: fc.Arbitrary<string> = fc.oneof(
    fc.constantFrom("", " ", "{", "null", "[]", "\"x\"", "1e999", "{\"items\":[{\"productId\":\"a\",\"quantity\":1}],\"items\":\"x\"}",
        "{\"name\":\"a\",\"name\":{\"$ne\":1},\"priceCents\":1,\"currency\":\"EUR\",\"stock\":1}", "[".repeat(5000) + "]".repeat(5000),
        `{"a":${"[".repeat(2000)}${"]".repeat(2000)}}`, "\ufeff{}", "{\"priceCents\":1e400}"),
    hostileString,
);

/** Where a parameter lives in a request. */
export interface FuzzRequest {
    pathParameters: Record<string, string>;
    query: Record<string, string>;
    headers: Record<string, string>;
    /** A JSON value to serialize, or raw text (`raw: true`). */
    body?: { value: unknown; raw: boolean; contentType: string };
}

/** A parameter's value: mostly valid, else absent, a boundary or hostile; `extra` are more candidates (cursors). */
function parameterValue(p: Parameter, extra: fc.Arbitrary<string> | undefined, ctx: FuzzContext): fc.Arbitrary<string | undefined> {
    const asString = (a: fc.Arbitrary<unknown>) => a.map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? ""));
    const options: fc.WeightedArbitrary<string | undefined>[] = [
        { weight: 3, arbitrary: asString(validValue(p.schema, 0, ctx)) },
        { weight: 2, arbitrary: asString(boundaryValue(p.schema)) },
        { weight: 2, arbitrary: hostileString },
        { weight: 1, arbitrary: fc.constant(undefined) },
    ];
    if (extra !== undefined) options.push({ weight: 4, arbitrary: extra });
    return fc.oneof(...options);
}

/**
 * Requests for one route, for each parameter and body field: absent, valid, on a boundary, hostile or mistyped.
 */
export function requestArbitrary(route: Route, ctx: FuzzContext = {}): fc.Arbitrary<FuzzRequest> {
    // Every field fuzzed at once rarely gets past the first check, so a third of the requests are valid throughout
    // (reaching the stores) and the rest fuzz each field independently.
    return fc.oneof({ weight: 1, arbitrary: requestOf(route, ctx, true) }, { weight: 2, arbitrary: requestOf(route, ctx, false) });
}

function requestOf(route: Route, ctx: FuzzContext, valid: boolean): fc.Arbitrary<FuzzRequest> {
    const params = Object.fromEntries(route.parameters.map((p) => {
        const value = valid
            ? (p.required ? validValue(p.schema, 0, ctx) : fc.option(validValue(p.schema, 0, ctx), { nil: undefined })).map((v) => (v === undefined ? undefined : String(v)))
            : parameterValue(p, p.name === "cursor" ? ctx.cursors : undefined, ctx);
        return [`${p.in}:${p.name}`, value];
    }));
    // Parameters of one schema (from and to) sometimes get the same fuzzed value: a bad value in both is often
    // the only way past the checks that compare them (from <= to), down to the store.
    const sameSchema = route.parameters.filter((p) => route.parameters.some((q) => q !== p && JSON.stringify(q.schema) === JSON.stringify(p.schema)));
    const shared = sameSchema.length === 0 || valid ? fc.constant(undefined) : fc.option(parameterValue(sameSchema[0], undefined, ctx), { nil: undefined, freq: 2 });
    const schemaRef = { $ref: `#/components/schemas/${route.requestBody}` };
    const body: fc.Arbitrary<FuzzRequest["body"]> = route.requestBody === undefined
        ? fc.constant(undefined)
        : valid
          ? validValue(schemaRef, 0, ctx).map((value) => ({ value, raw: false, contentType: "application/json" }))
          : fc.oneof(
              { weight: 6, arbitrary: fuzzValue(schemaRef, 0, ctx).map((value) => ({ value, raw: false, contentType: "application/json" })) },
              { weight: 2, arbitrary: rawBody.map((value) => ({ value, raw: true, contentType: "application/json" })) },
              { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/json; charset=latin1", "", "application/xml").map((contentType) => ({ value: "{}", raw: true, contentType })) },
          );
    return fc.record({ params: fc.record(params, { requiredKeys: [] }), body, shared }).map(({ params: values, body: b, shared: same }) => {
        const req: FuzzRequest = { pathParameters: {}, query: {}, headers: {}, ...(b === undefined ? {} : { body: b }) };
        if (same !== undefined) for (const p of sameSchema) values[`${p.in}:${p.name}`] = same;
        for (const [key, value] of Object.entries(values)) {
            if (value === undefined) continue;
            const [where, name] = key.split(/:(.*)/s);
            if (where === "path") req.pathParameters[name] = value;
            else if (where === "query") req.query[name] = value;
            // Header values cannot carry CR, LF or NUL on the wire; the gateway would refuse such a request itself.
            else req.headers[name] = value.replace(/[\r\n\0]/g, "");
        }
        // A path parameter is never empty once API Gateway routed the request.
        for (const p of route.parameters.filter((x) => x.in === "path")) if (!req.pathParameters[p.name]) req.pathParameters[p.name] = "x";
        return req;
    });
}

/**
 * Cursor values: real cursors the API issued, edited (a character changed, payload or MAC swapped, truncated,
 * doubled) and cursors built from scratch (any payload, signed with a key the fuzzer guesses).
 */
export function cursorArbitrary(issued: readonly string[], guessedKeys: readonly string[]): fc.Arbitrary<string> {
    const real = issued.length > 0 ? fc.constantFrom(...issued) : fc.constant("e30.e30");
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");
    const payload = fc.oneof(
        fc.record({ after: fuzzValue({ type: "string" }) }),
        fc.record({ t: fc.oneof(DATE_TIMES, hostileString), id: fc.oneof(validValue({ type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" }), hostileString) }),
        fc.jsonValue({ maxDepth: 2 }),
    );
    const sign = (key: string, scope: string, data: string) => createHmac("sha256", key).update(scope).update("\n").update(data).digest("base64url");
    return fc.oneof(
        real,
        fc.tuple(real, fc.nat(), fc.constantFrom("A", "_", "-", ".", "=", "\u0000")).map(([c, i, ch]) => c.slice(0, i % (c.length + 1)) + ch + c.slice((i % (c.length + 1)) + 1)),
        fc.tuple(real, payload).map(([c, p]) => `${b64(JSON.stringify(p) ?? "null")}.${c.split(".")[1] ?? ""}`),
        fc.tuple(real, fc.nat()).map(([c, n]) => c.slice(0, n % (c.length + 1))),
        real.map((c) => `${c}.${c}`),
        fc.tuple(payload, fc.constantFrom(...guessedKeys, ""), fc.constantFrom("products", "orders:alice", "orders:*", "orders:bob")).map(([p, key, scope]) => {
            const data = b64(JSON.stringify(p) ?? "null");
            return `${data}.${sign(key, scope, data)}`;
        }),
    );
}
