import { randomUUID } from "crypto";
import { apiHandler, ApiHandler } from "./lib/api";
import { dynamoClient } from "./lib/clients";
import { commonSettings, requireEnv } from "./lib/env";
import { BadRequestError, NotFoundError, PreconditionFailedError } from "./lib/errors";
import { etagOf, Product, ProductInput, ProductStore, versionFromIfMatch, WriteOutcome } from "./lib/products";
import { ID_PATTERN } from "./lib/validate";
import { API_ERRORS, defineManifest } from "./manifest";

/**
 * `POST /v1/products`, `PUT /v1/products/{productId}` (requires `If-Match` with the current version; stale: 412)
 * and `DELETE /v1/products/{productId}` (optionally with `If-Match`). Admins only (the authorizer and
 * {@link apiHandler} both check).
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["TABLE_NAME"]);
    const store = new ProductStore(dynamoClient(), env.TABLE_NAME);
    const settled = (outcome: WriteOutcome): Product => {
        if (outcome.ok) return outcome.product;
        if (outcome.reason === "NotFound") throw new NotFoundError("No such product.");
        throw new PreconditionFailedError("The product changed since the version in If-Match.");
    };
    const productIdOf = (id: string): string => {
        if (!ID_PATTERN.test(id)) throw new NotFoundError("No such product.");
        return id;
    };
    return apiHandler(
        "catalogWrite",
        {
            createProduct: async (req) => {
                const now = new Date().toISOString();
                const product: Product = { ...(req.body as ProductInput), productId: randomUUID(), version: 1, createdAt: now, updatedAt: now };
                await store.create(product);
                const location = `/v1/products/${product.productId}`;
                return { status: 201, body: product, headers: { ETag: etagOf(product), Location: location } };
            },
            updateProduct: async (req) => {
                const id = productIdOf(req.pathParam("productId"));
                const version = versionFromIfMatch(req.header("if-match"));
                if (version === undefined) throw new BadRequestError("If-Match must carry the product's version from its ETag.", "InvalidIfMatch");
                const product = settled(await store.replace(id, req.body as ProductInput, version, new Date().toISOString()));
                return { status: 200, body: product, headers: { ETag: etagOf(product) } };
            },
            deleteProduct: async (req) => {
                const id = productIdOf(req.pathParam("productId"));
                const ifMatch = req.header("if-match");
                const version = versionFromIfMatch(ifMatch);
                if (ifMatch !== undefined && version === undefined) throw new BadRequestError("If-Match must carry the product's version from its ETag.", "InvalidIfMatch");
                settled(await store.delete(id, version));
                return { status: 204 };
            },
        },
        commonSettings("catalogWrite"),
    );
}

/** What catalogWrite needs (checked against the code above by tests/handlers/manifests.test.ts). DynamoDB decrypts the table's key as the caller (kms:Decrypt), for writes too. */
export const manifest = defineManifest({
    env: ["TABLE_NAME"],
    grants: [
        { sid: "Table", actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], on: "table" },
        { sid: "DataKey", actions: ["kms:Decrypt"], on: "dataKey" },
    ],
    errors: [...API_ERRORS, "InvalidIfMatch", "PreconditionFailed"],
});
