import { expect } from "chai";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { loadFunctionPackage } from "../../harness/packages";
import { ProductStore } from "../../handlers/lib/products";
import { ADMIN, ALICE, call, cursorWithGuessableKey, dynamoClient, errorCode, ProxyHandler, seedProducts, startStores, Stores, TABLE } from "./support";

const PRODUCTS = "/v1/products";
const PRODUCT = "/v1/products/{productId}";
const STOCK = "/v1/internal/stock";
const input = { name: "Lamp", description: "A desk lamp", priceCents: 2500, currency: "EUR", stock: 5 };

describe("catalog functions (serialized packages against dynalite)", () => {
    let stores: Stores;
    let read: ProxyHandler;
    let write: ProxyHandler;
    let stock: ProxyHandler;

    before(async () => {
        stores = await startStores({ dynamo: true });
        read = await loadFunctionPackage("catalogRead", stores.env);
        write = await loadFunctionPackage("catalogWrite", stores.env);
        stock = await loadFunctionPackage("stockUpdate", stores.env);
    });
    after(async () => stores.stop());

    describe("POST /v1/products", () => {
        it("creates a product at version 1 with Location and ETag, readable at once", async () => {
            const created = await call(write, { method: "POST", resource: PRODUCTS, body: input, caller: ADMIN });

            const got = await call(read, { method: "GET", resource: PRODUCT, pathParameters: { productId: created.body.productId }, caller: ALICE });
            expect(created.status).to.equal(201);
            expect(created.body).to.include({ ...input, version: 1 });
            expect(created.headers.Location).to.equal(`/v1/products/${created.body.productId}`);
            expect(created.headers.ETag).to.equal('"1"');
            expect(got.status).to.equal(200);
            expect(got.body).to.deep.equal(created.body);
        });

        it("rejects an unknown field, a wrong type and a missing field with 400 ValidationError", async () => {
            for (const body of [{ ...input, admin: true }, { ...input, priceCents: "10" }, { name: "x", priceCents: 1, currency: "EUR" }]) {
                const res = await call(write, { method: "POST", resource: PRODUCTS, body, caller: ADMIN });
                expect([res.status, errorCode(res)]).to.deep.equal([400, "ValidationError"]);
            }
        });

        it("refuses control characters and lone surrogates in text with 400 ValidationError, allowing tab and newlines in descriptions (issue 12: a NUL name was stored)", async () => {
            for (const bad of [{ name: "a\u0000b" }, { name: "\u0007" }, { description: "x\u009fy" }, { name: "\ud800" }]) {
                const res = await call(write, { method: "POST", resource: PRODUCTS, body: { ...input, ...bad }, caller: ADMIN });
                expect([res.status, errorCode(res)], JSON.stringify(bad)).to.deep.equal([400, "ValidationError"]);
            }
            const ok = await call(write, { method: "POST", resource: PRODUCTS, body: { ...input, name: "Lamp \ud83d\udca1", description: "Line one\nLine two\tTabbed" }, caller: ADMIN });
            expect(ok.status).to.equal(201);
        });

        it("treats a create whose earlier attempt already wrote the item as done, not as an error (issue 12: 500 after a retried timeout)", async () => {
            const store = new ProductStore(dynamoClient(stores), TABLE);
            const now = new Date().toISOString();
            const product = { productId: "retried-create", name: "Lamp", priceCents: 1, currency: "EUR", stock: 1, version: 1, createdAt: now, updatedAt: now };
            await store.create(product);
            await store.create(product);
            const other = { ...product, createdAt: "2020-01-01T00:00:00.000Z" };
            const error = await store.create(other).then(() => undefined, (e: Error) => e);
            expect(error?.name).to.equal("ConditionalCheckFailedException");
        });

        it("answers 415 to a body that is not application/json and 400 to broken JSON", async () => {
            const text = await call(write, { method: "POST", resource: PRODUCTS, body: JSON.stringify(input), headers: { "Content-Type": "text/plain" }, caller: ADMIN });
            const broken = await call(write, { method: "POST", resource: PRODUCTS, body: "{", headers: { "Content-Type": "application/json" }, caller: ADMIN });
            expect([text.status, errorCode(text)]).to.deep.equal([415, "UnsupportedMediaType"]);
            expect([broken.status, errorCode(broken)]).to.deep.equal([400, "InvalidJson"]);
        });

        it("refuses a customer with 403 even if the gateway let the request through", async () => {
            const res = await call(write, { method: "POST", resource: PRODUCTS, body: input, caller: ALICE });
            expect([res.status, errorCode(res)]).to.deep.equal([403, "Forbidden"]);
        });

        it("answers 503 ServiceUnavailable while DynamoDB is down, and writes nothing", async () => {
            const before = await call(read, { method: "GET", resource: PRODUCTS, query: { limit: "100" }, caller: ALICE });
            await stores.dynamo?.pause();
            let res;
            try {
                res = await call(write, { method: "POST", resource: PRODUCTS, body: input, caller: ADMIN });
            } finally {
                await stores.dynamo?.resume();
            }
            const after = await call(read, { method: "GET", resource: PRODUCTS, query: { limit: "100" }, caller: ALICE });
            expect([res.status, errorCode(res)]).to.deep.equal([503, "ServiceUnavailable"]);
            expect(res.headers["Retry-After"]).to.equal("1");
            expect(after.body.items.length).to.equal(before.body.items.length);
        });
    });

    describe("GET /v1/products", () => {
        it("pages through every product once, in id order, with opaque cursors", async () => {
            await seedProducts(stores, [{ productId: "list-a" }, { productId: "list-b" }, { productId: "list-c" }, { productId: "list-d" }, { productId: "list-e" }]);
            const seen: string[] = [];
            let cursor: string | undefined;
            let pages = 0;
            do {
                const res = await call(read, { method: "GET", resource: PRODUCTS, query: { limit: "2", ...(cursor ? { cursor } : {}) }, caller: ALICE });
                expect(res.status).to.equal(200);
                seen.push(...res.body.items.map((p: { productId: string }) => p.productId));
                cursor = res.body.nextCursor;
                pages++;
            } while (cursor !== undefined && pages < 20);
            const listed = seen.filter((id) => id.startsWith("list-"));
            expect(listed).to.deep.equal(["list-a", "list-b", "list-c", "list-d", "list-e"]);
            expect(new Set(seen).size).to.equal(seen.length);
        });

        it("rejects a tampered cursor and an out-of-range limit with 400", async () => {
            const first = await call(read, { method: "GET", resource: PRODUCTS, query: { limit: "1" }, caller: ALICE });
            const [data, mac] = (first.body.nextCursor as string).split(".");
            const forged = Buffer.from(JSON.stringify({ after: "zzz" })).toString("base64url");
            const tampered = await call(read, { method: "GET", resource: PRODUCTS, query: { cursor: `${forged}.${mac}` }, caller: ALICE });
            const garbage = await call(read, { method: "GET", resource: PRODUCTS, query: { cursor: `${data}x.${mac}` }, caller: ALICE });
            const limit = await call(read, { method: "GET", resource: PRODUCTS, query: { limit: "101" }, caller: ALICE });
            expect([tampered.status, errorCode(tampered)]).to.deep.equal([400, "InvalidCursor"]);
            expect([garbage.status, errorCode(garbage)]).to.deep.equal([400, "InvalidCursor"]);
            expect([limit.status, errorCode(limit)]).to.deep.equal([400, "InvalidLimit"]);
        });

        it("refuses cursors signed with a key derived from the table name, however their fields look (issue 12: 500 before)", async () => {
            for (const after of ["", "p1", "a\u0000b"]) {
                const res = await call(read, { method: "GET", resource: PRODUCTS, query: { cursor: cursorWithGuessableKey({ after }, [TABLE, "products"], "products") }, caller: ALICE });
                expect([res.status, errorCode(res)], JSON.stringify(after)).to.deep.equal([400, "InvalidCursor"]);
            }
        });
    });

    describe("GET /v1/products/{productId}", () => {
        it("answers 404 NotFound for an unknown product, with the error shape and security headers", async () => {
            const res = await call(read, { method: "GET", resource: PRODUCT, pathParameters: { productId: "nope" }, caller: ALICE, headers: { Origin: "https://evil.example" } });
            expect([res.status, errorCode(res)]).to.deep.equal([404, "NotFound"]);
            expect(res.body.error.requestId).to.match(/^req-/);
            expect(res.headers["X-Content-Type-Options"]).to.equal("nosniff");
            expect(res.headers).to.not.have.property("Access-Control-Allow-Origin");
        });

        it("adds CORS headers only for an allowed origin", async () => {
            const [p] = await seedProducts(stores, [{ productId: "cors-1" }]);
            const res = await call(read, { method: "GET", resource: PRODUCT, pathParameters: { productId: p.productId }, caller: ALICE, headers: { origin: "https://app.example.com" } });
            expect(res.headers["Access-Control-Allow-Origin"]).to.equal("https://app.example.com");
        });
    });

    describe("PUT /v1/products/{productId}", () => {
        it("replaces at the current version and moves the version; a stale If-Match gets 412", async () => {
            const [p] = await seedProducts(stores, [{ productId: "put-1" }]);
            const target = { method: "PUT", resource: PRODUCT, pathParameters: { productId: p.productId }, caller: ADMIN };

            const updated = await call(write, { ...target, body: { ...input, name: "New" }, headers: { "If-Match": '"1"' } });
            const stale = await call(write, { ...target, body: { ...input, name: "Lost update" }, headers: { "If-Match": '"1"' } });

            expect(updated.status).to.equal(200);
            expect(updated.body).to.include({ name: "New", version: 2, createdAt: p.createdAt });
            expect(updated.headers.ETag).to.equal('"2"');
            expect([stale.status, errorCode(stale)]).to.deep.equal([412, "PreconditionFailed"]);
        });

        it("requires If-Match (400) and answers 404 for an unknown product", async () => {
            const missing = await call(write, { method: "PUT", resource: PRODUCT, pathParameters: { productId: "put-x" }, body: input, caller: ADMIN });
            const unknown = await call(write, { method: "PUT", resource: PRODUCT, pathParameters: { productId: "put-x" }, body: input, headers: { "If-Match": '"1"' }, caller: ADMIN });
            expect([missing.status, errorCode(missing)]).to.deep.equal([400, "InvalidIfMatch"]);
            expect([unknown.status, errorCode(unknown)]).to.deep.equal([404, "NotFound"]);
        });
    });

    describe("DELETE /v1/products/{productId}", () => {
        it("deletes (204), then answers 404; a stale If-Match gets 412 and keeps the product", async () => {
            const [a, b] = await seedProducts(stores, [{ productId: "del-1" }, { productId: "del-2", version: 3 }]);
            const del = (id: string, headers?: Record<string, string>) => call(write, { method: "DELETE", resource: PRODUCT, pathParameters: { productId: id }, headers, caller: ADMIN });

            const deleted = await del(a.productId);
            const again = await del(a.productId);
            const stale = await del(b.productId, { "If-Match": '"2"' });

            const kept = await dynamoClient(stores).send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: "PRODUCT" }, sk: { S: b.productId } } }));
            expect([deleted.status, deleted.body]).to.deep.equal([204, undefined]);
            expect([again.status, errorCode(again)]).to.deep.equal([404, "NotFound"]);
            expect([stale.status, errorCode(stale)]).to.deep.equal([412, "PreconditionFailed"]);
            expect(kept.Item).to.not.equal(undefined);
        });
    });

    describe("POST /v1/internal/stock", () => {
        it("applies deltas, never below zero, and reports per item", async () => {
            await seedProducts(stores, [{ productId: "stk-1", stock: 5 }, { productId: "stk-2", stock: 1 }]);
            const res = await call(stock, {
                method: "POST",
                resource: STOCK,
                body: { updates: [{ productId: "stk-1", delta: -3 }, { productId: "stk-2", delta: -2 }, { productId: "stk-none", delta: 1 }, { productId: "stk-1", delta: 10 }] },
            });
            expect(res.status).to.equal(200);
            expect(res.body.updated).to.deep.equal([{ productId: "stk-1", stock: 2 }, { productId: "stk-1", stock: 12 }]);
            expect(res.body.failed.map((f: { productId: string; code: string }) => [f.productId, f.code])).to.deep.equal([
                ["stk-2", "InsufficientStock"],
                ["stk-none", "NotFound"],
            ]);
        });

        it("answers 400 to an empty update list and 503 when the table is down before anything applied", async () => {
            const empty = await call(stock, { method: "POST", resource: STOCK, body: { updates: [] } });
            await stores.dynamo?.pause();
            let down;
            try {
                down = await call(stock, { method: "POST", resource: STOCK, body: { updates: [{ productId: "stk-1", delta: 1 }] } });
            } finally {
                await stores.dynamo?.resume();
            }
            expect([empty.status, errorCode(empty)]).to.deep.equal([400, "ValidationError"]);
            expect([down.status, errorCode(down)]).to.deep.equal([503, "ServiceUnavailable"]);
        });
    });
});
