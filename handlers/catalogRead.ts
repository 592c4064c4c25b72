import { apiHandler, ApiHandler } from "./lib/api";
import { dynamoClient, secretsClient } from "./lib/clients";
import { cursorKey, decodeCursor, encodeCursor, isCursorId, parseLimit, type CursorShape } from "./lib/cursor";
import { commonSettings, requireEnv } from "./lib/env";
import { NotFoundError } from "./lib/errors";
import { etagOf, ProductStore } from "./lib/products";
import { cachedSecret } from "./lib/secrets";
import { ID_PATTERN } from "./lib/validate";
import { API_ERRORS, defineManifest, READ_CURSOR_SECRET } from "./manifest";

/** A product cursor holds the id the next page starts after. */
const PRODUCT_CURSOR: CursorShape = { after: isCursorId };

/**
 * `GET /v1/products` (a page, by id, with an opaque cursor) and `GET /v1/products/{productId}` (with its version
 * in `ETag`).
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["TABLE_NAME", "CURSOR_SECRET_ARN"]);
    const store = new ProductStore(dynamoClient(), env.TABLE_NAME);
    const cursorSecret = cachedSecret(secretsClient(), env.CURSOR_SECRET_ARN, "cursor");
    return apiHandler(
        "catalogRead",
        {
            listProducts: async (req) => {
                const limit = parseLimit(req.query("limit"));
                const cursor = req.query("cursor");
                const key = cursorKey(await cursorSecret());
                const after = cursor === undefined ? undefined : String(decodeCursor(cursor, key, "products", PRODUCT_CURSOR).after);
                const page = await store.list(limit, after);
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

/** What catalogRead needs (checked against the code above by tests/handlers/manifests.test.ts). DynamoDB and Secrets Manager decrypt with the data key as the caller (kms:Decrypt). */
export const manifest = defineManifest({
    env: ["TABLE_NAME", "CURSOR_SECRET_ARN"],
    grants: [
        { sid: "Table", actions: ["dynamodb:GetItem", "dynamodb:Query"], on: "table" },
        { sid: "DataKey", actions: ["kms:Decrypt"], on: "dataKey" },
        ...READ_CURSOR_SECRET,
    ],
    errors: [...API_ERRORS, "InvalidCursor", "InvalidLimit"],
});
