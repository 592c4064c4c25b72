import { createHmac, timingSafeEqual } from "crypto";
import { BadRequestError } from "./errors";

/**
 * Opaque, tamper-evident pagination cursors.
 *
 * A cursor is `base64url(JSON) + "." + base64url(HMAC-SHA256)`. The MAC covers a purpose and a scope (for example
 * the caller's id), so a cursor from one listing or one user is rejected by another, and any edit is caught as a
 * 400 before it reaches a store. Authorization never depends on the cursor: every query re-applies its own filters,
 * so the MAC key need not be secret for the API to stay safe (see {@link cursorKey}).
 */

/** Cursor payloads are small JSON objects of primitives (a DynamoDB key, a timestamp and an id). */
export type CursorPayload = Record<string, string | number>;

/** Largest cursor accepted, matching the contract's `maxLength` on the `cursor` parameter. */
const MAX_CURSOR_LENGTH = 1024;

const mac = (key: string, scope: string, data: string): string =>
    createHmac("sha256", key).update(scope).update("\n").update(data).digest("base64url");

/**
 * Encodes a cursor.
 *
 * @param payload - where the next page starts.
 * @param key - the MAC key.
 * @param scope - what the cursor is bound to, e.g. `products` or `orders:<principal>`.
 */
export function encodeCursor(payload: CursorPayload, key: string, scope: string): string {
    const data = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
    return `${data}.${mac(key, scope, data)}`;
}

/**
 * Decodes a cursor, or throws a 400 `InvalidCursor` for anything malformed, edited or bound to another scope.
 *
 * @param cursor - the client's `cursor` parameter.
 * @param key - the MAC key.
 * @param scope - the scope it must have been issued for.
 */
export function decodeCursor(cursor: string, key: string, scope: string): CursorPayload {
    const invalid = new BadRequestError("The cursor is not valid for this listing.", "InvalidCursor");
    const [data, tag, extra] = cursor.split(".");
    if (cursor.length > MAX_CURSOR_LENGTH || !data || !tag || extra !== undefined) throw invalid;
    const expected = Buffer.from(mac(key, scope, data));
    const given = Buffer.from(tag);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    try {
        const payload: unknown = JSON.parse(Buffer.from(data, "base64url").toString("utf8"));
        if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw invalid;
        for (const v of Object.values(payload)) if (typeof v !== "string" && typeof v !== "number") throw invalid;
        return payload as CursorPayload;
    } catch {
        throw invalid;
    }
}

/**
 * The MAC key of a function's cursors, derived from its resource coordinates so every container of a deployment
 * agrees without a shared secret. It makes cursors tamper-evident against clients editing them blindly; it is not
 * a secret (see the module comment for why that is enough).
 */
export function cursorKey(...coordinates: string[]): string {
    return createHmac("sha256", "portcullis-cursor").update(coordinates.join("\n")).digest("base64url");
}

/** Parses the `limit` query parameter (1 to 100, default 20) or throws a 400. */
export function parseLimit(value: string | undefined, fallback = 20): number {
    if (value === undefined || value === "") return fallback;
    if (!/^(100|[1-9][0-9]?)$/.test(value)) throw new BadRequestError("limit must be an integer from 1 to 100.", "InvalidLimit");
    return Number(value);
}
