/**
 * Error classes the handlers throw, and the one mapping from any thrown value to an HTTP status and a stable code.
 *
 * Each class carries a machine-readable `code` (part of the API: clients branch on it) from the table in
 * handlers/errorCodes.ts, and the status the table maps it to; a class accepts only codes of its own status.
 * Messages of these classes are written for clients; anything else thrown is internal and never reaches a response.
 *
 * Serialized for Lambda, these classes become ES5 constructors: `Error.call(this, message)` sets no message, and a
 * subclass without methods loses its prototype link, so `instanceof` fails. Hence the explicit `message` and the
 * brand checked by {@link isApiError} (tests run the serialized code, so a regression shows up there).
 */
import { ERROR_CODES, type ErrorCode, type ErrorCodeOf } from "../errorCodes";

/** Base of every error a client may see. */
export class ApiError extends Error {
    /** HTTP status the error maps to, from the code's row of the table. */
    readonly status: number;

    constructor(
        /** Stable machine-readable code, e.g. `NotFound`. */
        readonly code: ErrorCode,
        message: string,
    ) {
        super(message);
        this.message = message;
        this.status = ERROR_CODES[code].status;
        this.isApiError = true;
        this.name = "ApiError";
    }
    /** Brand that survives closure serialization, unlike the prototype chain. */
    readonly isApiError: true;
}

/** Whether a thrown value is one of the errors above (by brand, never by `instanceof`). */
export function isApiError(err: unknown): err is ApiError {
    return typeof err === "object" && err !== null && (err as { isApiError?: unknown }).isApiError === true;
}

/** 400: the request is malformed (body, query, header or cursor). */
export class BadRequestError extends ApiError {
    constructor(message: string, code: ErrorCodeOf<400>) {
        super(code, message);
        this.name = "BadRequestError";
    }
}

/** 403: the caller is authenticated but lacks a scope or group (defence in depth behind the authorizer). */
export class ForbiddenError extends ApiError {
    constructor(message = "You are not allowed to call this operation.") {
        super("Forbidden", message);
        this.name = "ForbiddenError";
    }
}

/** 404: no such resource, or one the caller may not know exists. */
export class NotFoundError extends ApiError {
    constructor(message = "Not found.") {
        super("NotFound", message);
        this.name = "NotFoundError";
    }
}

/** 409: the request conflicts with the current state (idempotency key reuse, stock). */
export class ConflictError extends ApiError {
    constructor(message: string, code: ErrorCodeOf<409>) {
        super(code, message);
        this.name = "ConflictError";
    }
}

/** 412: `If-Match` names a version that is no longer current. */
export class PreconditionFailedError extends ApiError {
    constructor(message = "The resource changed since the version in If-Match.") {
        super("PreconditionFailed", message);
        this.name = "PreconditionFailedError";
    }
}

/** 415: a body that is not `application/json`. */
export class UnsupportedMediaTypeError extends ApiError {
    constructor() {
        super("UnsupportedMediaType", "Send the body as application/json.");
        this.name = "UnsupportedMediaTypeError";
    }
}

/** 422: a well-formed request that refers to something that does not exist. */
export class UnprocessableError extends ApiError {
    constructor(message: string, code: ErrorCodeOf<422>) {
        super(code, message);
        this.name = "UnprocessableError";
    }
}

/** 503: a data store cannot be reached; nothing was changed and a retry may succeed. */
export class ServiceUnavailableError extends ApiError {
    constructor() {
        super("ServiceUnavailable", "A data store is unavailable; retry with backoff.");
        this.name = "ServiceUnavailableError";
    }
}

/**
 * Node network error codes that mean "the store is not reachable", never "the request is wrong". An array, not a
 * Set: the closure serializer cannot carry a Set (it would arrive as an empty object).
 */
const UNREACHABLE: readonly string[] = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ECONNABORTED"];
/** AWS error names that mean the service is overloaded, throttling or still waking up (Aurora auto-pause). */
const TRANSIENT = /^(ServiceUnavailable|InternalServerError|InternalFailure|Throttling|ThrottlingException|ProvisionedThroughputExceededException|RequestLimitExceeded|TimeoutError|RequestTimeout|DatabaseResumingException|DatabaseUnavailableException|StatementTimeoutException|TransactionConflictException|SlowDown)$/;

/** Whether an error thrown by an SDK client means the store is unavailable (503) rather than a bug (500). */
export function isUnavailable(err: unknown): boolean {
    if (typeof err !== "object" || err === null) return false;
    const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown; errors?: unknown[] };
    if (e.code !== undefined && UNREACHABLE.includes(e.code)) return true;
    if (e.name !== undefined && TRANSIENT.test(e.name)) return true;
    const status = e.$metadata?.httpStatusCode;
    if (status !== undefined && status >= 500) return true;
    // Node wraps a refused connection to a host with several addresses in an AggregateError.
    if (Array.isArray(e.errors) && e.errors.some(isUnavailable)) return true;
    return e.cause !== undefined && isUnavailable(e.cause);
}

/**
 * Whether a store refused a value of the request as invalid input (never an outage): PostgreSQL's SQLSTATE class 22
 * "data exception" (a date out of range, a NUL byte in text, a number too large: PostgreSQL manual, Appendix A),
 * which the RDS Data API relays as `BadRequestException` or, on Aurora Serverless v2, `DatabaseErrorException`
 * with `SQLState: 22xxx` in its message (RDS Data API reference, ExecuteStatement "Errors"); and DynamoDB's
 * `ValidationException` (an empty key attribute, an item over 400 KB: DynamoDB API reference, "Common Errors").
 */
export function isInvalidInput(err: unknown): boolean {
    if (typeof err !== "object" || err === null) return false;
    const e = err as { name?: unknown; message?: unknown };
    if (e.name === "ValidationException") return true;
    return (e.name === "BadRequestException" || e.name === "DatabaseErrorException") && typeof e.message === "string" && /SQLState: 22[0-9A-Z]{3}\b/.test(e.message);
}

/** 400 for a value a store refused; the message names no store, statement or value (see {@link isInvalidInput}). */
export class InvalidValueError extends ApiError {
    constructor() {
        super("InvalidValue", "The request holds a value the service cannot store or compare (out of range or not allowed).");
        this.name = "InvalidValueError";
    }
}

/**
 * Turns anything thrown into an {@link ApiError}: client errors pass through, a value a store refused becomes 400,
 * outages 503, the rest 500.
 */
export function toApiError(err: unknown): ApiError {
    if (isApiError(err)) return err;
    if (isUnavailable(err)) return new ServiceUnavailableError();
    if (isInvalidInput(err)) return new InvalidValueError();
    return new ApiError("InternalError", "An unexpected error occurred.");
}
