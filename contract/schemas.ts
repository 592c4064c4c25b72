import type { JsonSchema } from "./types";

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** Identifiers are opaque, URL-safe and bounded, so they can never carry an injection payload far. */
const ID: JsonSchema = { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$", minLength: 1, maxLength: 64 };
const MONEY_CENTS: JsonSchema = { type: "integer", minimum: 0, maximum: 100_000_000 };
const CURRENCY: JsonSchema = { type: "string", enum: ["EUR", "USD", "GBP"] };
const TIMESTAMP: JsonSchema = { type: "string", format: "date-time" };

/** The end of the text, written as "no character follows", which ECMA 262 and Java read alike (Java's `$` does not). */
export const END_OF_TEXT = "(?![\\s\\S])";

/**
 * Text without the characters in `refused` (a character-class body of `\uXXXX` ranges) and without lone UTF-16
 * surrogates. Written to mean the same in every engine that checks it: API Gateway's model validator runs
 * `pattern` as an ECMA 262 regular expression without flags (json-schema-core's script engine, so UTF-16 code
 * units, no lookbehind), while Ajv in the local gateway and the handlers' validator use the `u` flag (code points).
 * A surrogate pair is one code point outside the first class in `u` mode and the second alternative without it; a
 * lone surrogate matches neither in either mode. `tests/contract/schemas.test.ts` proves both modes agree. The end
 * is {@link END_OF_TEXT}, not `$`: in Java's own regular expressions `$` also matches before a final line break, so
 * the pattern stays exact even if the validator's engine is Java's rather than a script engine's.
 */
const textWithout = (refused: string): string => `^(?:[^${refused}\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*${END_OF_TEXT}`;

/**
 * One line of text: no control characters (C0, DEL, C1). PostgreSQL refuses NUL in text (SQLSTATE 22021), so a
 * product name stored in DynamoDB with one failed every later order for it (issue 12).
 */
export const PLAIN_TEXT_PATTERN = textWithout("\\u0000-\\u001f\\u007f-\\u009f");
/** {@link PLAIN_TEXT_PATTERN}, but tab, line feed and carriage return are allowed (multi-line descriptions). */
export const MULTILINE_TEXT_PATTERN = textWithout("\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f");
/**
 * A calendar day `YYYY-MM-DD` from 1970 through 9999: JavaScript accepts year 0000, PostgreSQL does not (it has no
 * year zero), and nothing in this API predates 1970. Whether the day exists (no 02-30) is the handler's check.
 */
export const DAY_PATTERN = "^(19[7-9][0-9]|[2-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/** Largest image a client may upload through a presigned URL (5 MiB). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Image types a client may upload. */
export const IMAGE_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
/** Most lines one order may hold. */
export const MAX_ORDER_LINES = 50;
/** Most stock updates one internal call may apply. */
export const MAX_STOCK_UPDATES = 100;

const productFields: Record<string, JsonSchema> = {
    name: { type: "string", minLength: 1, maxLength: 200, pattern: PLAIN_TEXT_PATTERN, description: "One line: no control characters, no lone surrogates." },
    description: { type: "string", maxLength: 2000, pattern: MULTILINE_TEXT_PATTERN, description: "Tab, line feed and carriage return allowed; no other control characters, no lone surrogates." },
    priceCents: MONEY_CENTS,
    currency: CURRENCY,
    stock: { type: "integer", minimum: 0, maximum: 1_000_000 },
};

/**
 * Every named schema of the API. Request schemas are closed (`additionalProperties: false`) so a typo or an
 * injected field is rejected at the gateway instead of being ignored.
 */
export const SCHEMAS: Readonly<Record<string, JsonSchema>> = {
    Error: {
        type: "object",
        description: "The one error shape every handler answers with.",
        required: ["error"],
        properties: {
            error: {
                type: "object",
                required: ["code", "message", "requestId"],
                properties: {
                    code: { type: "string", description: "Stable machine-readable code, e.g. NotFound." },
                    message: { type: "string", description: "A sentence for humans; never internal detail." },
                    requestId: { type: "string", description: "The request id to quote to support." },
                },
            },
        },
    },
    GatewayError: {
        type: "object",
        description: "Errors API Gateway answers itself, before any function runs.",
        properties: { message: { type: "string" } },
    },
    Health: {
        type: "object",
        required: ["status", "version"],
        properties: { status: { type: "string", enum: ["ok"] }, version: { type: "string" } },
    },
    Product: {
        type: "object",
        required: ["productId", "name", "priceCents", "currency", "stock", "version", "createdAt", "updatedAt"],
        properties: {
            productId: ID,
            ...productFields,
            imageKey: { type: "string" },
            version: { type: "integer", minimum: 1, description: "Increases on every change; send it back in If-Match." },
            createdAt: TIMESTAMP,
            updatedAt: TIMESTAMP,
        },
    },
    ProductInput: {
        type: "object",
        additionalProperties: false,
        required: ["name", "priceCents", "currency", "stock"],
        properties: productFields,
    },
    ProductPage: {
        type: "object",
        required: ["items"],
        properties: {
            items: { type: "array", items: ref("Product") },
            nextCursor: { type: "string", description: "Pass as `cursor` to get the next page; absent on the last page." },
        },
    },
    ImageUploadRequest: {
        type: "object",
        additionalProperties: false,
        required: ["contentType", "contentLength"],
        properties: {
            contentType: { type: "string", enum: IMAGE_CONTENT_TYPES },
            contentLength: { type: "integer", minimum: 1, maximum: MAX_IMAGE_BYTES },
        },
    },
    ImageUpload: {
        type: "object",
        required: ["uploadUrl", "method", "headers", "imageKey", "expiresAt"],
        properties: {
            uploadUrl: { type: "string", description: "Presigned S3 URL; PUT the image there with exactly `headers`." },
            method: { type: "string", enum: ["PUT"] },
            headers: { type: "object", additionalProperties: { type: "string" } },
            imageKey: { type: "string" },
            expiresAt: TIMESTAMP,
        },
    },
    OrderInput: {
        type: "object",
        additionalProperties: false,
        required: ["items"],
        properties: {
            items: {
                type: "array",
                minItems: 1,
                maxItems: MAX_ORDER_LINES,
                items: {
                    type: "object",
                    additionalProperties: false,
                    required: ["productId", "quantity"],
                    properties: { productId: ID, quantity: { type: "integer", minimum: 1, maximum: 1000 } },
                },
            },
        },
    },
    Order: {
        type: "object",
        required: ["orderId", "customerId", "status", "currency", "totalCents", "lines", "createdAt"],
        properties: {
            orderId: ID,
            customerId: { type: "string" },
            status: { type: "string", enum: ["CONFIRMED"] },
            currency: CURRENCY,
            totalCents: MONEY_CENTS,
            createdAt: TIMESTAMP,
            lines: {
                type: "array",
                items: {
                    type: "object",
                    required: ["productId", "name", "quantity", "unitPriceCents", "lineTotalCents"],
                    properties: {
                        productId: ID,
                        name: { type: "string" },
                        quantity: { type: "integer" },
                        unitPriceCents: MONEY_CENTS,
                        lineTotalCents: MONEY_CENTS,
                    },
                },
            },
        },
    },
    OrderPage: {
        type: "object",
        required: ["items"],
        properties: { items: { type: "array", items: ref("Order") }, nextCursor: { type: "string" } },
    },
    Receipt: {
        type: "object",
        required: ["url", "expiresAt"],
        properties: { url: { type: "string", description: "CloudFront signed URL to the receipt." }, expiresAt: TIMESTAMP },
    },
    SalesReport: {
        type: "object",
        required: ["from", "to", "rows"],
        properties: {
            from: { type: "string", format: "date" },
            to: { type: "string", format: "date" },
            rows: {
                type: "array",
                items: {
                    type: "object",
                    required: ["day", "productId", "quantity", "revenueCents"],
                    properties: {
                        day: { type: "string", format: "date" },
                        productId: ID,
                        quantity: { type: "integer" },
                        revenueCents: { type: "integer" },
                    },
                },
            },
        },
    },
    StockUpdateInput: {
        type: "object",
        additionalProperties: false,
        required: ["updates"],
        properties: {
            updates: {
                type: "array",
                minItems: 1,
                maxItems: MAX_STOCK_UPDATES,
                items: {
                    type: "object",
                    additionalProperties: false,
                    required: ["productId", "delta"],
                    properties: { productId: ID, delta: { type: "integer", minimum: -1_000_000, maximum: 1_000_000 } },
                },
            },
        },
    },
    StockUpdateResult: {
        type: "object",
        required: ["updated", "failed"],
        properties: {
            updated: { type: "array", items: { type: "object", properties: { productId: ID, stock: { type: "integer" } } } },
            failed: {
                type: "array",
                items: { type: "object", properties: { productId: ID, code: { type: "string" }, message: { type: "string" } } },
            },
        },
    },
};

export { ID as ID_SCHEMA, ref };
