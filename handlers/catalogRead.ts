import { apiHandler, ApiHandler } from "./lib/api";
import { dynamoClient } from "./lib/clients";
import { cursorKey, decodeCursor, encodeCursor, parseLimit } from "./lib/cursor";
import { commonSettings, requireEnv } from "./lib/env";
import { NotFoundError } from "./lib/errors";
import { etagOf, ProductStore } from "./lib/products";
import { ID_PATTERN } from "./lib/validate";
import { defineManifest } from "./manifest";

/**
 * `GET /v1/products` (a page, by id, with an opaque cursor) and `GET /v1/products/{productId}` (with its version
 * in `ETag`).
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["TABLE_NAME"]);
    const store = new ProductStore(dynamoClient(), env.TABLE_NAME);
    const key = cursorKey(env.TABLE_NAME, "products");
    return apiHandler(
        "catalogRead",
        {
            listProducts: async (req) => {
                const limit = parseLimit(req.query("limit"));
                const cursor = req.query("cursor");
                const after = cursor === undefined ? undefined : decodeCursor(cursor, key, "products").after;
                const page = await store.list(limit, after === undefined ? undefined : String(after));
                const body = { items: page.items, ...(page.last === undefined ? {} : { nextCursor: encodeCursor({ after: page.last }, key, "products") }) };
                return { status: 200, body };
            },
            getProduct: async (req) => {
                const id = req.pathParam("productId");
                const product = ID_PATTERN.test(id) ? await store.get(id) : undefined;
                if (product === undefined) throw new NotFoundError("No such product.");
                return { status: 200, body: product, headers: { ETag: etagOf(product) } };
            },
        },
        commonSettings("catalogRead"),
    );
}

/** What catalogRead needs (checked against the code above by tests/handlers/manifests.test.ts). DynamoDB decrypts the table's key as the caller (kms:Decrypt). */
export const manifest = defineManifest({
    env: ["TABLE_NAME"],
    grants: [
        { sid: "Table", actions: ["dynamodb:GetItem", "dynamodb:Query"], on: "table" },
        { sid: "DataKey", actions: ["kms:Decrypt"], on: "dataKey" },
    ],
});
