import { apiHandler, ApiHandler, Caller } from "./lib/api";
import { database, secretsClient } from "./lib/clients";
import { cursorKey, decodeCursor, encodeCursor, isCursorId, isCursorInstant, parseLimit, type CursorShape } from "./lib/cursor";
import { commonSettings, requireEnv } from "./lib/env";
import { NotFoundError } from "./lib/errors";
import { OrderStore } from "./lib/orders";
import { cachedSecret } from "./lib/secrets";
import { ID_PATTERN } from "./lib/validate";
import { API_ERRORS, DATABASE_ENV, defineManifest, READ_CURSOR_SECRET, READ_DATABASE } from "./manifest";

/** An order cursor holds the (createdAt, orderId) position the next page starts after. */
const ORDER_CURSOR: CursorShape = { t: isCursorInstant, id: isCursorId };

/**
 * `GET /v1/orders` (newest first, keyset-paginated) and `GET /v1/orders/{orderId}`. A customer sees only their own
 * orders, an admin all; another customer's order answers exactly like a missing one (404), so ids leak nothing.
 * Cursors are bound to the caller, so one user's cursor is refused for another.
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["CURSOR_SECRET_ARN"]);
    const orders = new OrderStore(database());
    const cursorSecret = cachedSecret(secretsClient(), env.CURSOR_SECRET_ARN, "cursor");
    /** Whose orders a caller may see: undefined means everyone's. */
    const ownerFilter = (caller: Caller): string | undefined => (caller.isAdmin ? undefined : caller.principal);
    return apiHandler(
        "readOrders",
        {
            listOrders: async (req) => {
                const caller = req.caller as Caller;
                const limit = parseLimit(req.query("limit"));
                const scope = `orders:${caller.isAdmin ? "*" : caller.principal}`;
                const cursor = req.query("cursor");
                const key = cursorKey(await cursorSecret());
                const after = cursor === undefined ? undefined : decodeCursor(cursor, key, scope, ORDER_CURSOR);
                const position = after === undefined ? undefined : { createdAt: String(after.t), orderId: String(after.id) };
                // One more than a page tells whether another page exists without a count query.
                const rows = await orders.list(limit + 1, ownerFilter(caller), position);
                const items = rows.slice(0, limit);
                const last = items[items.length - 1];
                const nextCursor = rows.length > limit ? encodeCursor({ t: last.createdAt, id: last.orderId }, key, scope) : undefined;
                return { status: 200, body: { items, ...(nextCursor === undefined ? {} : { nextCursor }) } };
            },
            getOrder: async (req) => {
                const id = req.pathParam("orderId");
                const found = ID_PATTERN.test(id) ? await orders.get(id, ownerFilter(req.caller as Caller)) : undefined;
                if (found === undefined) throw new NotFoundError("No such order.");
                return { status: 200, body: found.order };
            },
        },
        commonSettings("readOrders"),
    );
}

/** What readOrders needs (checked against the code above by tests/handlers/manifests.test.ts). Reads the orders database and the cursor secret. */
export const manifest = defineManifest({
    env: [...DATABASE_ENV, "CURSOR_SECRET_ARN"],
    grants: [...READ_DATABASE, ...READ_CURSOR_SECRET],
    errors: [...API_ERRORS, "InvalidCursor", "InvalidLimit"],
});
