import { createHmac, timingSafeEqual } from "crypto";
import { BadRequestError } from "./errors";
import { ID_PATTERN } from "./validate";

/**
 * Opaque, tamper-proof pagination cursors.
 *
 * A cursor is `base64url(JSON) + "." + base64url(HMAC-SHA256)`. The MAC key is a random secret generated per stack
 * (Secrets Manager, read once per container), so no client can compute a MAC for a cursor it edited or made up.
 * The MAC covers a purpose and a scope (for example the caller's id), so a cursor from one listing or one user is
 * rejected by another. Each decoded field is still checked against its {@link CursorShape} before it reaches a
 * store: a leaked or rotated key must not turn a cursor into a way to send a store values it refuses (an empty
 * DynamoDB key, a timestamp outside PostgreSQL's range, a NUL byte), which would answer 500 instead of 400.
 */

/** Cursor payloads are small JSON objects of primitives (a DynamoDB key, a timestamp and an id). */
export type CursorPayload = Record<string, string | number>;

/** What each field of a listing's cursor must be; a payload with any other field, or a missing one, is refused. */
export type CursorShape = Readonly<Record<string, (value: unknown) => boolean>>;

/** Largest cursor accepted, matching the contract's `maxLength` on the `cursor` parameter. */
const MAX_CURSOR_LENGTH = 1024;
/** Shortest MAC key accepted: 32 characters of a random password carry well over 128 bits. */
export const MIN_CURSOR_KEY_LENGTH = 32;

/** A resource id, as the contract's ID pattern allows (never empty, never a control character). */
export const isCursorId = (value: unknown): boolean => typeof value === "string" && ID_PATTERN.test(value);

/** Earliest and latest instants a timestamp field may hold: both inside PostgreSQL's and JavaScript's ranges. */
const MIN_INSTANT = Date.UTC(1970, 0, 1);
const MAX_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
/** An RFC 3339 timestamp between 1970 and 9999 (what the API itself writes in `createdAt`). */
export const isCursorInstant = (value: unknown): boolean => {
    if (typeof value !== "string" || !INSTANT.test(value)) return false;
    const t = Date.parse(value);
    return !Number.isNaN(t) && t >= MIN_INSTANT && t <= MAX_INSTANT;
};

const mac = (key: string, scope: string, data: string): string =>
    createHmac("sha256", key).update(scope).update("\n").update(data).digest("base64url");

/**
 * Encodes a cursor.
 *
 * @param payload - where the next page starts.
 * @param key - the MAC key (see {@link cursorKey}).
 * @param scope - what the cursor is bound to, e.g. `products` or `orders:<principal>`.
 */
export function encodeCursor(payload: CursorPayload, key: string, scope: string): string {
    const data = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
    return `${data}.${mac(key, scope, data)}`;
}

/**
 * Decodes a cursor, or throws a 400 `InvalidCursor` for anything malformed, edited, bound to another scope, or
 * whose fields are not exactly those of `shape`, each passing its check.
 *
 * @param cursor - the client's `cursor` parameter.
 * @param key - the MAC key.
 * @param scope - the scope it must have been issued for.
 * @param shape - the fields the listing's cursors hold and what each must be.
 */
export function decodeCursor(cursor: string, key: string, scope: string, shape: CursorShape): CursorPayload {
    const invalid = new BadRequestError("The cursor is not valid for this listing.", "InvalidCursor");
    const [data, tag, extra] = cursor.split(".");
    if (cursor.length > MAX_CURSOR_LENGTH || !data || !tag || extra !== undefined) throw invalid;
    const expected = Buffer.from(mac(key, scope, data));
    const given = Buffer.from(tag);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    let payload: unknown;
    try {
        payload = JSON.parse(Buffer.from(data, "base64url").toString("utf8"));
    } catch {
        throw invalid;
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw invalid;
    const fields = payload as Record<string, unknown>;
    const names = Object.keys(shape);
    if (Object.keys(fields).length !== names.length) throw invalid;
    for (const name of names) {
        if (!Object.prototype.hasOwnProperty.call(fields, name) || !shape[name](fields[name])) throw invalid;
    }
    return fields as CursorPayload;
}

/**
 * The MAC key of cursors: the stack's cursor secret (a random value Secrets Manager holds, `CURSOR_SECRET_ARN`).
 * Refuses a short value, so a misconfigured secret fails loudly instead of making cursors forgeable.
 */
export function cursorKey(secretString: string): string {
    if (secretString.length < MIN_CURSOR_KEY_LENGTH) {
        throw new Error(`The cursor secret holds ${secretString.length} characters; at least ${MIN_CURSOR_KEY_LENGTH} are required`);
    }
    return secretString;
}

/** Parses the `limit` query parameter (1 to 100, default 20) or throws a 400. */
export function parseLimit(value: string | undefined, fallback = 20): number {
    if (value === undefined || value === "") return fallback;
    if (!/^(100|[1-9][0-9]?)$/.test(value)) throw new BadRequestError("limit must be an integer from 1 to 100.", "InvalidLimit");
    return Number(value);
}
