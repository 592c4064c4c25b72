import { randomUUID } from "crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { apiHandler, ApiHandler, ApiRequest, Caller } from "./lib/api";
import { database, dynamoClient, s3Client } from "./lib/clients";
import { isUniqueViolation } from "./lib/db";
import { commonSettings, requireEnv } from "./lib/env";
import { BadRequestError, ConflictError } from "./lib/errors";
import { Order, OrderStore, receiptKeyOf, requestHash, StoredOrder } from "./lib/orders";
import { OrderItem, priceOrder } from "./lib/pricing";
import { ProductStore } from "./lib/products";
import { withSubsegment } from "./lib/tracing";
import { API_ERRORS, defineManifest } from "./manifest";

/**
 * `POST /v1/orders`: places an order at catalog prices, exactly once per `Idempotency-Key` and customer.
 *
 * Steps, and why in this order:
 * 1. Replay check: a known key with the same body returns the original order (200), another body 409.
 * 2. Price from the catalog (422 unknown product) and reserve stock with one conditional update per product
 *    (409 out of stock, earlier reservations released): DynamoDB and Aurora share no transaction, so stock is
 *    taken first and given back if anything later fails; a crash in between can only under-count stock, never
 *    oversell it.
 * 3. Write the receipt to `PRIVATE_BUCKET` before the order commits, so a failed commit leaves at most an
 *    unreferenced object, never an order without its receipt.
 * 4. Insert the order and its lines in one transaction. A unique violation means a concurrent retry won: release
 *    and answer as a replay.
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): ApiHandler {
    const env = requireEnv(["TABLE_NAME", "PRIVATE_BUCKET"]);
    const settings = commonSettings("createOrder");
    const products = new ProductStore(dynamoClient(), env.TABLE_NAME);
    const orders = new OrderStore(database());
    const s3 = s3Client(settings.s3ForcePathStyle);

    const replay = (existing: StoredOrder, hash: string) => {
        if (existing.requestHash !== hash) throw new ConflictError("This Idempotency-Key was already used with a different request.", "IdempotencyKeyReused");
        return { status: 200, body: existing.order, headers: { "Idempotent-Replayed": "true" } };
    };

    /** Takes stock for every product, or none: on the first refusal, gives back what was taken. */
    const reserve = async (quantities: Map<string, number>, now: string, req: ApiRequest): Promise<() => Promise<void>> => {
        const taken: [string, number][] = [];
        const release = async () => {
            for (const [id, q] of taken) {
                await products.adjustStock(id, q, new Date().toISOString()).catch((err: Error) =>
                    // Logged for reconciliation; the order was not placed, so the customer is not affected.
                    req.log.error("stock release failed", { productId: id, quantity: q, errorName: err.name }),
                );
            }
        };
        try {
            for (const [id, q] of quantities) {
                const outcome = await products.adjustStock(id, -q, now);
                if (!outcome.ok) throw new ConflictError(`Not enough stock for: ${id}.`, "OutOfStock");
                taken.push([id, q]);
            }
        } catch (err) {
            await release();
            throw err;
        }
        return release;
    };

    return apiHandler(
        "createOrder",
        {
            createOrder: async (req) => {
                const caller = req.caller as Caller;
                const key = req.header("idempotency-key") ?? "";
                if (!/^[\x21-\x7e]{8,64}$/.test(key)) throw new BadRequestError("Idempotency-Key must be 8 to 64 visible ASCII characters.", "InvalidIdempotencyKey");
                const items = (req.body as { items: OrderItem[] }).items;
                const hash = requestHash(items);

                // The replay lookup (PostgreSQL) and the catalog read (DynamoDB) are independent, so they run together
                // and a new order waits for one round trip, not two. A replay ignores the catalog read and its errors.
                const catalog = products.getMany(items.map((i) => i.productId));
                catalog.catch(() => undefined);
                const existing = await orders.byIdempotencyKey(caller.principal, key);
                if (existing !== undefined) return replay(existing, hash);

                const priced = priceOrder(items, await catalog);
                const now = new Date().toISOString();
                const order: Order = { orderId: randomUUID(), customerId: caller.principal, status: "CONFIRMED", currency: priced.currency, totalCents: priced.totalCents, createdAt: now, lines: priced.lines };
                const stored: StoredOrder = { order, requestHash: hash, receiptKey: receiptKeyOf(order.orderId) };

                const release = await reserve(priced.quantities, now, req);
                try {
                    await withSubsegment("writeReceipt", () =>
                        s3.send(new PutObjectCommand({ Bucket: env.PRIVATE_BUCKET, Key: stored.receiptKey, ContentType: "application/json", Body: JSON.stringify({ receipt: order }) })),
                    );
                    await orders.insert(stored, key);
                } catch (err) {
                    await release();
                    if (!isUniqueViolation(err)) throw err;
                    const winner = await orders.byIdempotencyKey(caller.principal, key);
                    if (winner === undefined) throw err;
                    return replay(winner, hash);
                }
                req.log.info("order placed", { orderId: order.orderId, lines: order.lines.length });
                return { status: 201, body: order, headers: { Location: `/v1/orders/${order.orderId}` } };
            },
        },
        settings,
    );
}

/** What createOrder needs (checked against the code above by tests/handlers/manifests.test.ts). UpdateItem reserves stock (and gives it back when the order fails); the Data API reads the cluster secret as the caller; the receipt PUT under SSE-KMS needs kms:GenerateDataKey. */
export const manifest = defineManifest({
    env: ["TABLE_NAME", "PRIVATE_BUCKET", "DB_CLUSTER_ARN", "DB_SECRET_ARN", "DB_NAME"],
    grants: [
        { sid: "Table", actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:UpdateItem"], on: "table" },
        { sid: "OrdersDatabase", actions: ["rds-data:ExecuteStatement", "rds-data:BeginTransaction", "rds-data:CommitTransaction", "rds-data:RollbackTransaction"], on: "cluster" },
        { sid: "DatabaseSecret", actions: ["secretsmanager:GetSecretValue"], on: "clusterSecret", calledBy: "rds-data" },
        { sid: "Receipts", actions: ["s3:PutObject"], on: "privateBucket", objects: "receipts/*" },
        { sid: "DataKey", actions: ["kms:Decrypt", "kms:GenerateDataKey"], on: "dataKey" },
    ],
    errors: [...API_ERRORS, "IdempotencyKeyReused", "InvalidIdempotencyKey", "MixedCurrency", "OutOfStock", "TotalTooLarge", "UnknownProduct"],
});
