import { apiHandler, ApiHandler } from "./lib/api";
import { dynamoClient } from "./lib/clients";
import { commonSettings, requireEnv } from "./lib/env";
import { isUnavailable, ServiceUnavailableError } from "./lib/errors";
import { ProductStore } from "./lib/products";
import { API_ERRORS, defineManifest } from "./manifest";

interface StockUpdate {
    productId: string;
    delta: number;
}

/**
 * `POST /v1/internal/stock` (IAM-authorized, for AWS-side services): applies stock deltas in order, each as one
 * conditional update, so stock never goes below zero (nor above the contract's maximum) even under concurrency.
 * Answers per item: `updated` with the new stock, `failed` with `NotFound`, `InsufficientStock` (or
 * `StockLimitExceeded`) or `ServiceUnavailable`. If the table is down before anything was applied, the whole call
 * answers 503; once something was applied, the caller gets the per-item report so it retries only what failed.
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["TABLE_NAME"]);
    const store = new ProductStore(dynamoClient(), env.TABLE_NAME);
    return apiHandler(
        "stockUpdate",
        {
            updateStock: async (req) => {
                const updated: { productId: string; stock: number }[] = [];
                const failed: { productId: string; code: string; message: string }[] = [];
                for (const { productId, delta } of (req.body as { updates: StockUpdate[] }).updates) {
                    try {
                        const outcome = await store.adjustStock(productId, delta, new Date().toISOString());
                        if (outcome.ok) updated.push({ productId, stock: outcome.product.stock });
                        else if (outcome.reason === "NotFound") failed.push({ productId, code: "NotFound", message: "No such product." });
                        else if (delta < 0) failed.push({ productId, code: "InsufficientStock", message: "Stock would go below zero." });
                        else failed.push({ productId, code: "StockLimitExceeded", message: "Stock would exceed the maximum." });
                    } catch (err) {
                        if (!isUnavailable(err)) throw err;
                        if (updated.length === 0) throw new ServiceUnavailableError();
                        failed.push({ productId, code: "ServiceUnavailable", message: "Not applied; retry." });
                    }
                }
                return { status: 200, body: { updated, failed } };
            },
        },
        commonSettings("stockUpdate"),
    );
}

/** What stockUpdate needs (checked against the code above by tests/handlers/manifests.test.ts). DynamoDB decrypts the table's key as the caller (kms:Decrypt). */
export const manifest = defineManifest({
    env: ["TABLE_NAME"],
    grants: [
        { sid: "Table", actions: ["dynamodb:GetItem", "dynamodb:UpdateItem"], on: "table" },
        { sid: "DataKey", actions: ["kms:Decrypt"], on: "dataKey" },
    ],
    errors: API_ERRORS,
});
