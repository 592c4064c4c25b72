/**
 * Every error code the API's functions answer with, written once as data, as the routes are in the contract. The
 * error classes (lib/errors.ts) take their status from here and accept only codes of their status, so a handler
 * cannot answer a code missing from this table (the compiler refuses it); each function's manifest lists the
 * codes its code path can throw (checked by tests/handlers/manifests.test.ts), and the portal's error reference
 * renders this table with the functions that answer each code.
 */

/** One error code: the status it maps to and what it means to a client. */
export interface ErrorCodeSpec {
    status: number;
    /** What it means and what the client can do, for the error reference. */
    description: string;
}

/** The codes, by status. Codes are part of the API: clients branch on them, so one never changes meaning. */
export const ERROR_CODES = {
    InvalidCursor: { status: 400, description: "The cursor is not valid for this listing: pass back the `nextCursor` of the same listing unchanged." },
    InvalidDate: { status: 400, description: "`from` and `to` must be calendar days from 1970-01-01 to 9999-12-31, YYYY-MM-DD." },
    InvalidDateRange: { status: 400, description: "`from` is after `to`, or the range is longer than a report covers." },
    InvalidIdempotencyKey: { status: 400, description: "`Idempotency-Key` must be 8 to 64 visible ASCII characters." },
    InvalidIfMatch: { status: 400, description: "`If-Match` must carry the product's version from its ETag." },
    InvalidJson: { status: 400, description: "The request body is empty or not valid JSON." },
    InvalidLimit: { status: 400, description: "`limit` must be an integer from 1 to 100." },
    InvalidValue: { status: 400, description: "The request holds a value the service cannot store or compare (out of range or not allowed)." },
    ValidationError: { status: 400, description: "The body fails the operation's schema; the message names the location and the rule." },
    Forbidden: { status: 403, description: "The caller is authenticated but lacks a scope or group (defence in depth behind the authorizer)." },
    NotFound: { status: 404, description: "No such resource, or one the caller may not know exists." },
    IdempotencyKeyReused: { status: 409, description: "This `Idempotency-Key` was already used with a different request." },
    OutOfStock: { status: 409, description: "Not enough stock for the products the message names; nothing was reserved." },
    PreconditionFailed: { status: 412, description: "`If-Match` names a version that is no longer current." },
    UnsupportedMediaType: { status: 415, description: "A body that is not `application/json`." },
    MixedCurrency: { status: 422, description: "All products of an order must share one currency." },
    TotalTooLarge: { status: 422, description: "The order total exceeds the largest amount allowed." },
    UnknownProduct: { status: 422, description: "The order names products that do not exist; the message lists them." },
    InternalError: { status: 500, description: "An unexpected error occurred; quote the `requestId` to support." },
    ServiceUnavailable: { status: 503, description: "A data store cannot be reached; nothing was changed and a retry with backoff may succeed." },
} as const satisfies Record<string, ErrorCodeSpec>;

/** A code of {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes that map to `status`, so an error class of one status cannot carry a code of another. */
export type ErrorCodeOf<S extends number> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]["status"] extends S ? C : never }[ErrorCode];
