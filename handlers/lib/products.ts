import {
    AttributeValue,
    BatchGetItemCommand,
    DeleteItemCommand,
    DynamoDBClient,
    GetItemCommand,
    PutItemCommand,
    QueryCommand,
    UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { CATALOG_KEYS } from "./catalogTable";

/**
 * The product catalog in DynamoDB.
 *
 * Table design (single table `TABLE_NAME`, string keys `pk` and `sk`, no index needed):
 * - product: `pk = "PRODUCT"`, `sk = <productId>`, attributes as in the contract's `Product`, plus `version`
 *   (a number, +1 on every change) for optimistic concurrency.
 * All products share one partition so the catalog lists in a stable order (by id) with a plain Query and keyset
 * pagination; a partition serves 3,000 reads and 1,000 writes a second, far above a catalog's needs. If it ever
 * is not enough, the listing moves to a sharded GSI without touching the item keys.
 */

/** A product as the API returns it. */
export interface Product {
    productId: string;
    name: string;
    description?: string;
    priceCents: number;
    currency: string;
    stock: number;
    imageKey?: string;
    version: number;
    createdAt: string;
    updatedAt: string;
}

/** The writable fields (`ProductInput`). */
export type ProductInput = Pick<Product, "name" | "description" | "priceCents" | "currency" | "stock">;

/** Largest stock a product may hold (the contract's maximum). */
export const MAX_STOCK = 1_000_000;

const PARTITION = "PRODUCT";
const key = (productId: string): Record<string, AttributeValue> => ({ [CATALOG_KEYS.partition]: { S: PARTITION }, [CATALOG_KEYS.sort]: { S: productId } });

/** DynamoDB item of a product. */
export function toItem(p: Product): Record<string, AttributeValue> {
    const item: Record<string, AttributeValue> = {
        ...key(p.productId),
        productId: { S: p.productId },
        name: { S: p.name },
        priceCents: { N: String(p.priceCents) },
        currency: { S: p.currency },
        stock: { N: String(p.stock) },
        version: { N: String(p.version) },
        createdAt: { S: p.createdAt },
        updatedAt: { S: p.updatedAt },
    };
    if (p.description !== undefined) item.description = { S: p.description };
    if (p.imageKey !== undefined) item.imageKey = { S: p.imageKey };
    return item;
}

/** A product from its DynamoDB item. */
export function fromItem(item: Record<string, AttributeValue>): Product {
    const p: Product = {
        productId: item.productId.S as string,
        name: item.name.S as string,
        priceCents: Number(item.priceCents.N),
        currency: item.currency.S as string,
        stock: Number(item.stock.N),
        version: Number(item.version.N),
        createdAt: item.createdAt.S as string,
        updatedAt: item.updatedAt.S as string,
    };
    if (item.description?.S !== undefined) p.description = item.description.S;
    if (item.imageKey?.S !== undefined) p.imageKey = item.imageKey.S;
    return p;
}

/** Whether a write failed only its condition (checked by name: robust to several copies of the SDK). */
const isConditionFailure = (err: unknown): boolean => (err as { name?: string } | null)?.name === "ConditionalCheckFailedException";

/** Outcome of a conditional write. */
export type WriteOutcome = { ok: true; product: Product } | { ok: false; reason: "NotFound" | "VersionMismatch" | "Condition" };

/** The catalog's operations over one table. */
export class ProductStore {
    constructor(
        private readonly client: DynamoDBClient,
        private readonly table: string,
    ) {}

    /** One product, read consistently (a client that just wrote it must see its write). */
    async get(productId: string): Promise<Product | undefined> {
        const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: key(productId), ConsistentRead: true }));
        return out.Item === undefined ? undefined : fromItem(out.Item);
    }

    /** Products by id (at most 100), read consistently; missing ids are simply absent from the map. */
    async getMany(productIds: readonly string[]): Promise<Map<string, Product>> {
        const found = new Map<string, Product>();
        let keys = [...new Set(productIds)].map(key);
        // BatchGetItem may return part of the keys as unprocessed under load; ask again for those only.
        for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
            const out = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } }));
            for (const item of out.Responses?.[this.table] ?? []) found.set(item.productId.S as string, fromItem(item));
            keys = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
        }
        if (keys.length > 0) throw Object.assign(new Error("BatchGetItem left keys unprocessed"), { name: "ThrottlingException" });
        return found;
    }

    /** A page of products by id, after `startAfter` when given. */
    async list(limit: number, startAfter?: string): Promise<{ items: Product[]; last?: string }> {
        const out = await this.client.send(
            new QueryCommand({
                TableName: this.table,
                KeyConditionExpression: `${CATALOG_KEYS.partition} = :pk`,
                ExpressionAttributeValues: { ":pk": { S: PARTITION } },
                Limit: limit,
                ConsistentRead: true,
                ExclusiveStartKey: startAfter === undefined ? undefined : key(startAfter),
            }),
        );
        const items = (out.Items ?? []).map(fromItem);
        return { items, last: out.LastEvaluatedKey?.sk?.S };
    }

    /** Creates a product; never overwrites one. */
    async create(product: Product): Promise<void> {
        try {
            await this.client.send(new PutItemCommand({ TableName: this.table, Item: toItem(product), ConditionExpression: "attribute_not_exists(pk)" }));
        } catch (err) {
            // The id was generated for this request, so an item already there is this very write, applied by an
            // attempt whose answer was lost (the SDK retries after a timeout): success, not a 500 with the product
            // created anyway (found by the fuzzer under load, issue 12). Any other item keeps the error.
            if ((err as { name?: string }).name !== "ConditionalCheckFailedException") throw err;
            const stored = await this.get(product.productId);
            if (stored === undefined || stored.createdAt !== product.createdAt || stored.version !== product.version) throw err;
        }
    }

    /** Replaces a product's fields if it is still at `expectedVersion`. */
    async replace(productId: string, input: ProductInput, expectedVersion: number, now: string): Promise<WriteOutcome> {
        return this.conditional(productId, expectedVersion, async (current) => {
            const next: Product = { ...current, ...input, version: current.version + 1, updatedAt: now };
            if (input.description === undefined) delete next.description;
            await this.client.send(
                new PutItemCommand({
                    TableName: this.table,
                    Item: toItem(next),
                    ConditionExpression: "attribute_exists(pk) AND version = :v",
                    ExpressionAttributeValues: { ":v": { N: String(expectedVersion) } },
                }),
            );
            return next;
        });
    }

    /** Deletes a product, only at `expectedVersion` when given. */
    async delete(productId: string, expectedVersion?: number): Promise<WriteOutcome> {
        const versioned = expectedVersion !== undefined;
        try {
            const out = await this.client.send(
                new DeleteItemCommand({
                    TableName: this.table,
                    Key: key(productId),
                    ConditionExpression: versioned ? "attribute_exists(pk) AND version = :v" : "attribute_exists(pk)",
                    ExpressionAttributeValues: versioned ? { ":v": { N: String(expectedVersion) } } : undefined,
                    ReturnValues: "ALL_OLD",
                }),
            );
            return { ok: true, product: fromItem(out.Attributes ?? {}) };
        } catch (err) {
            if (!isConditionFailure(err)) throw err;
            return { ok: false, reason: (await this.get(productId)) === undefined ? "NotFound" : "VersionMismatch" };
        }
    }

    /**
     * Adds `delta` to a product's stock in one conditional update, so concurrent updates never take stock below
     * zero or above {@link MAX_STOCK}; the version moves too, so a PUT based on older stock gets 412.
     */
    async adjustStock(productId: string, delta: number, now: string): Promise<WriteOutcome> {
        try {
            const out = await this.client.send(
                new UpdateItemCommand({
                    TableName: this.table,
                    Key: key(productId),
                    UpdateExpression: "SET stock = stock + :d, version = version + :one, updatedAt = :now",
                    ConditionExpression: delta < 0 ? "attribute_exists(pk) AND stock >= :bound" : "attribute_exists(pk) AND stock <= :bound",
                    ExpressionAttributeValues: {
                        ":d": { N: String(delta) },
                        ":one": { N: "1" },
                        ":now": { S: now },
                        ":bound": { N: String(delta < 0 ? -delta : MAX_STOCK - delta) },
                    },
                    ReturnValues: "ALL_NEW",
                }),
            );
            return { ok: true, product: fromItem(out.Attributes ?? {}) };
        } catch (err) {
            if (!isConditionFailure(err)) throw err;
            return { ok: false, reason: (await this.get(productId)) === undefined ? "NotFound" : "Condition" };
        }
    }

    private async conditional(productId: string, expectedVersion: number, write: (current: Product) => Promise<Product>): Promise<WriteOutcome> {
        const current = await this.get(productId);
        if (current === undefined) return { ok: false, reason: "NotFound" };
        if (current.version !== expectedVersion) return { ok: false, reason: "VersionMismatch" };
        try {
            return { ok: true, product: await write(current) };
        } catch (err) {
            if (!isConditionFailure(err)) throw err;
            // Someone changed or deleted it between our read and our write.
            return { ok: false, reason: (await this.get(productId)) === undefined ? "NotFound" : "VersionMismatch" };
        }
    }
}

/** The strong ETag of a product: its version, quoted as HTTP requires. */
export const etagOf = (p: Pick<Product, "version">): string => `"${p.version}"`;

/** The version an `If-Match` header names (`"3"`, `W/"3"` or `3`); undefined if it names none. */
export function versionFromIfMatch(value: string | undefined): number | undefined {
    const m = /^\s*(?:W\/)?"?([1-9][0-9]{0,14})"?\s*$/.exec(value ?? "");
    return m === null ? undefined : Number(m[1]);
}
