import { createHash } from "crypto";
import { Db, isoUtc, Sql, sqlDate } from "./db";

/**
 * Orders in Aurora PostgreSQL (tables in `migrations/001_orders.sql`). Every statement is parameterized; ids in
 * lists are joined with commas and split by PostgreSQL, which is safe because ids match `^[A-Za-z0-9_-]+$`.
 */

/** One line of an order, priced from the catalog when the order was placed. */
export interface OrderLine {
    productId: string;
    name: string;
    quantity: number;
    unitPriceCents: number;
    lineTotalCents: number;
}

/** An order as the API returns it. */
export interface Order {
    orderId: string;
    customerId: string;
    status: "CONFIRMED";
    currency: string;
    totalCents: number;
    createdAt: string;
    lines: OrderLine[];
}

/** What a keyset page starts after: the last order's creation time and id (newest first). */
export interface OrderPosition {
    createdAt: string;
    orderId: string;
}

/** An order with what its idempotency check and its receipt need. */
export interface StoredOrder {
    order: Order;
    requestHash: string;
    receiptKey: string;
}

/** One row of the sales report. */
export interface SalesRow {
    day: string;
    productId: string;
    quantity: number;
    revenueCents: number;
}

/** The object key of an order's receipt in the private bucket (served by CloudFront under the same path). */
export const receiptKeyOf = (orderId: string): string => `receipts/${orderId}.json`;

/** A stable hash of an order request, to tell a retry (same body) from a reuse of the key (another body). */
export function requestHash(items: readonly { productId: string; quantity: number }[]): string {
    return createHash("sha256").update(JSON.stringify(items.map((i) => [i.productId, i.quantity]))).digest("hex");
}

interface OrderRow {
    order_id: string;
    customer_id: string;
    status: "CONFIRMED";
    currency: string;
    total_cents: number;
    created_at: string;
    request_hash: string;
    receipt_key: string;
}
interface LineRow {
    order_id: string;
    product_id: string;
    name: string;
    quantity: number;
    unit_price_cents: number;
    line_total_cents: number;
}

const ORDER_COLUMNS = `order_id, customer_id, status, currency, total_cents, ${isoUtc("created_at")} AS created_at, request_hash, receipt_key`;

/** The orders store. */
export class OrderStore {
    constructor(private readonly db: Db) {}

    /** Inserts an order and its lines in one transaction; a unique violation means the key was used concurrently. */
    async insert(stored: StoredOrder, idempotencyKey: string): Promise<void> {
        const { order } = stored;
        await this.db.transaction(async (tx) => {
            await tx.execute(
                `INSERT INTO orders (order_id, customer_id, status, currency, total_cents, idempotency_key, request_hash, receipt_key, created_at)
                 VALUES (:orderId, :customerId, :status, :currency, :totalCents, :key, :hash, :receiptKey, CAST(:createdAt AS timestamptz))`,
                {
                    orderId: order.orderId,
                    customerId: order.customerId,
                    status: order.status,
                    currency: order.currency,
                    totalCents: order.totalCents,
                    key: idempotencyKey,
                    hash: stored.requestHash,
                    receiptKey: stored.receiptKey,
                    createdAt: order.createdAt,
                },
            );
            for (const [i, line] of order.lines.entries()) {
                await tx.execute(
                    `INSERT INTO order_lines (order_id, line_no, product_id, name, quantity, unit_price_cents, line_total_cents)
                     VALUES (:orderId, :lineNo, :productId, :name, :quantity, :unit, :total)`,
                    { orderId: order.orderId, lineNo: i + 1, productId: line.productId, name: line.name, quantity: line.quantity, unit: line.unitPriceCents, total: line.lineTotalCents },
                );
            }
        });
    }

    /** The order a customer placed with an idempotency key, if any. */
    async byIdempotencyKey(customerId: string, idempotencyKey: string): Promise<StoredOrder | undefined> {
        const rows = await this.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE customer_id = :customerId AND idempotency_key = :key`, {
            customerId,
            key: idempotencyKey,
        });
        return (await this.withLines(this.db, rows))[0];
    }

    /** One order; `customerId` restricts it to that customer's (undefined: any, for admins). */
    async get(orderId: string, customerId?: string): Promise<StoredOrder | undefined> {
        const rows = await this.db.query<OrderRow>(
            `SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = :orderId AND (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)`,
            { orderId, customerId: customerId ?? null },
        );
        return (await this.withLines(this.db, rows))[0];
    }

    /** A page of orders, newest first; `customerId` restricts it to that customer's (undefined: all). */
    async list(limit: number, customerId?: string, after?: OrderPosition): Promise<Order[]> {
        const rows = await this.db.query<OrderRow>(
            `SELECT ${ORDER_COLUMNS} FROM orders
             WHERE (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)
               AND (CAST(:afterAt AS text) IS NULL OR (created_at, order_id) < (CAST(:afterAt AS timestamptz), :afterId))
             ORDER BY created_at DESC, order_id DESC
             LIMIT :limit`,
            { customerId: customerId ?? null, afterAt: after?.createdAt ?? null, afterId: after?.orderId ?? "", limit },
        );
        return (await this.withLines(this.db, rows)).map((s) => s.order);
    }

    /** Quantities and revenue per UTC day and product, between two days inclusive. */
    async sales(from: string, to: string): Promise<SalesRow[]> {
        const rows = await this.db.query<{ day: string; product_id: string; quantity: number; revenue_cents: number }>(
            `SELECT to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, l.product_id,
                    CAST(SUM(l.quantity) AS bigint) AS quantity, CAST(SUM(l.line_total_cents) AS bigint) AS revenue_cents
             FROM orders o JOIN order_lines l ON l.order_id = o.order_id
             WHERE o.created_at >= CAST(:from AS date) AT TIME ZONE 'UTC'
               AND o.created_at < (CAST(:to AS date) + 1) AT TIME ZONE 'UTC'
             GROUP BY 1, 2
             ORDER BY 1, 2`,
            { from: sqlDate(from), to: sqlDate(to) },
        );
        return rows.map((r) => ({ day: r.day, productId: r.product_id, quantity: Number(r.quantity), revenueCents: Number(r.revenue_cents) }));
    }

    private async withLines(sql: Sql, rows: OrderRow[]): Promise<StoredOrder[]> {
        if (rows.length === 0) return [];
        const lines = await sql.query<LineRow>(
            `SELECT order_id, product_id, name, quantity, unit_price_cents, line_total_cents FROM order_lines
             WHERE order_id = ANY(string_to_array(:ids, ',')) ORDER BY order_id, line_no`,
            { ids: rows.map((r) => r.order_id).join(",") },
        );
        return rows.map((r) => ({
            requestHash: r.request_hash,
            receiptKey: r.receipt_key,
            order: {
                orderId: r.order_id,
                customerId: r.customer_id,
                status: r.status,
                currency: r.currency,
                totalCents: Number(r.total_cents),
                createdAt: r.created_at,
                lines: lines
                    .filter((l) => l.order_id === r.order_id)
                    .map((l) => ({ productId: l.product_id, name: l.name, quantity: l.quantity, unitPriceCents: Number(l.unit_price_cents), lineTotalCents: Number(l.line_total_cents) })),
            },
        }));
    }
}
