import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { apiHandler, ApiHandler, Caller } from "./lib/api";
import { database, secretsClient } from "./lib/clients";
import { commonSettings, optionalInteger, requireEnv } from "./lib/env";
import { NotFoundError } from "./lib/errors";
import { OrderStore } from "./lib/orders";
import { cachedSecret } from "./lib/secrets";
import { ID_PATTERN } from "./lib/validate";
import { API_ERRORS, defineManifest } from "./manifest";

/** Default lifetime of a receipt URL: enough to open it, too short to be worth sharing. */
export const RECEIPT_URL_TTL_SECONDS = 300;

/**
 * `GET /v1/orders/{orderId}/receipt`: a CloudFront signed URL (canned policy) to the receipt that order creation
 * wrote, for the owner or an admin (anyone else: 404). The signing key is read from Secrets Manager once per
 * container, on first use, and a failed read is retried on the next request rather than cached.
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["SIGNING_KEY_SECRET_ARN", "SIGNING_KEY_PAIR_ID", "RECEIPTS_BASE_URL"]);
    const orders = new OrderStore(database());
    const baseUrl = env.RECEIPTS_BASE_URL.replace(/\/+$/, "");
    const ttlSeconds = optionalInteger("RECEIPT_URL_TTL_SECONDS", RECEIPT_URL_TTL_SECONDS, 30, 86400);
    const signingKey = cachedSecret(secretsClient(), env.SIGNING_KEY_SECRET_ARN, "signing key");
    return apiHandler(
        "orderReceipt",
        {
            getOrderReceipt: async (req) => {
                const caller = req.caller as Caller;
                const id = req.pathParam("orderId");
                const found = ID_PATTERN.test(id) ? await orders.get(id, caller.isAdmin ? undefined : caller.principal) : undefined;
                if (found === undefined) throw new NotFoundError("No such order.");
                const expires = new Date(Date.now() + ttlSeconds * 1000);
                const url = getSignedUrl({
                    url: `${baseUrl}/${found.receiptKey}`,
                    keyPairId: env.SIGNING_KEY_PAIR_ID,
                    privateKey: await signingKey(),
                    dateLessThan: expires.toISOString(),
                });
                return { status: 200, body: { url, expiresAt: expires.toISOString() } };
            },
        },
        commonSettings("orderReceipt"),
    );
}

/** What orderReceipt needs (checked against the code above by tests/handlers/manifests.test.ts). `RECEIPT_URL_TTL_SECONDS` is 30 to 86400, default 300 (the stack sets it from `edge.signedUrlTtlSeconds`). */
export const manifest = defineManifest({
    env: ["DB_CLUSTER_ARN", "DB_SECRET_ARN", "DB_NAME", "SIGNING_KEY_SECRET_ARN", "SIGNING_KEY_PAIR_ID", "RECEIPTS_BASE_URL"],
    optionalEnv: ["RECEIPT_URL_TTL_SECONDS"],
    grants: [
        { sid: "OrdersDatabase", actions: ["rds-data:ExecuteStatement"], on: "cluster" },
        { sid: "DatabaseSecret", actions: ["secretsmanager:GetSecretValue"], on: "clusterSecret", calledBy: "rds-data" },
        { sid: "SigningKey", actions: ["secretsmanager:GetSecretValue"], on: "signingKeySecret" },
        { sid: "DataKey", actions: ["kms:Decrypt"], on: "dataKey" },
    ],
    errors: API_ERRORS,
});
