import { expect } from "chai";
import { generateKeyPairSync } from "crypto";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { loadFunctionPackage } from "../../harness/packages";
import { ProductStore } from "../../handlers/lib/products";
import {
    ADMIN,
    ALICE,
    BOB,
    call,
    CLUSTER_ARN,
    cursorWithGuessableKey,
    dynamoClient,
    errorCode,
    PRIVATE_BUCKET,
    ProxyHandler,
    s3Client,
    seedProducts,
    SIGNING_SECRET_ARN,
    startStores,
    Stores,
    TABLE,
    TestCaller,
    testDb,
} from "./support";

const ORDERS = "/v1/orders";
const ORDER = "/v1/orders/{orderId}";
const RECEIPT = "/v1/orders/{orderId}/receipt";
const SALES = "/v1/reports/sales";

describe("order functions (serialized packages against dynalite, s3rver, the Data API over PGlite, Secrets Manager)", () => {
    let stores: Stores;
    let create: ProxyHandler;
    let read: ProxyHandler;
    let receipt: ProxyHandler;
    let sales: ProxyHandler;
    let keyCounter = 0;
    const newKey = () => `key-${Date.now()}-${++keyCounter}`;
    const order = (caller: TestCaller, items: { productId: string; quantity: number }[], key = newKey()) =>
        call(create, { method: "POST", resource: ORDERS, body: { items }, headers: { "Idempotency-Key": key }, caller });
    const stockOf = async (id: string) => (await new ProductStore(dynamoClient(stores), TABLE).get(id))?.stock;
    const orderCount = async () => Number((await testDb(stores).query<{ n: number }>("SELECT count(*) AS n FROM orders"))[0].n);

    before(async () => {
        const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        stores = await startStores({ dynamo: true, s3: true, postgres: true, secrets: { [SIGNING_SECRET_ARN]: privateKey.export({ type: "pkcs1", format: "pem" }) as string } });
        const env = { ...stores.env, SIGNING_KEY_SECRET_ARN: SIGNING_SECRET_ARN, SIGNING_KEY_PAIR_ID: "K2JCJMDEHXQW5F", RECEIPTS_BASE_URL: "https://d123.cloudfront.net/" };
        const migrate = await loadFunctionPackage("migrate", env);
        await migrate({});
        [create, read, receipt, sales] = await Promise.all(["createOrder", "readOrders", "orderReceipt", "salesReport"].map((n) => loadFunctionPackage(n as "createOrder", env)));
        await seedProducts(stores, [
            { productId: "lamp", name: "Lamp", priceCents: 2500, stock: 10 },
            { productId: "bulb", name: "Bulb", priceCents: 300, stock: 100 },
            { productId: "rare", name: "Rare", priceCents: 99, stock: 1 },
            { productId: "dollar", name: "Dollar thing", priceCents: 100, currency: "USD", stock: 5 },
        ]);
    });
    after(async () => stores.stop());

    describe("POST /v1/orders", () => {
        it("prices from the catalog, takes stock, writes the receipt and answers 201", async () => {
            const res = await order(ALICE, [{ productId: "lamp", quantity: 2 }, { productId: "bulb", quantity: 3 }]);

            const stored = await s3Client(stores).send(new GetObjectCommand({ Bucket: PRIVATE_BUCKET, Key: `receipts/${res.body.orderId}.json` }));
            expect(res.status).to.equal(201);
            expect(res.body).to.include({ customerId: "alice", status: "CONFIRMED", currency: "EUR", totalCents: 5900 });
            expect(res.body.lines).to.deep.equal([
                { productId: "lamp", name: "Lamp", quantity: 2, unitPriceCents: 2500, lineTotalCents: 5000 },
                { productId: "bulb", name: "Bulb", quantity: 3, unitPriceCents: 300, lineTotalCents: 900 },
            ]);
            expect(JSON.parse(await (stored.Body as { transformToString(): Promise<string> }).transformToString()).receipt.orderId).to.equal(res.body.orderId);
            expect([await stockOf("lamp"), await stockOf("bulb")]).to.deep.equal([8, 97]);
        });

        it("replays the original order (200) for the same key and body, without a second order or stock change", async () => {
            const key = newKey();
            const first = await order(ALICE, [{ productId: "bulb", quantity: 1 }], key);
            const [count, stock] = [await orderCount(), await stockOf("bulb")];

            const retry = await order(ALICE, [{ productId: "bulb", quantity: 1 }], key);

            expect(first.status).to.equal(201);
            expect(retry.status).to.equal(200);
            expect(retry.body).to.deep.equal(first.body);
            expect([await orderCount(), await stockOf("bulb")]).to.deep.equal([count, stock]);
        });

        it("replays an order while the catalog is down: the catalog read that starts beside the replay lookup is not awaited", async () => {
            const key = newKey();
            const first = await order(ALICE, [{ productId: "bulb", quantity: 1 }], key);
            await stores.dynamo?.pause();
            try {
                const retry = await order(ALICE, [{ productId: "bulb", quantity: 1 }], key);
                expect([first.status, retry.status]).to.deep.equal([201, 200]);
                expect(retry.body).to.deep.equal(first.body);
            } finally {
                await stores.dynamo?.resume();
            }
        });

        it("answers 409 IdempotencyKeyReused for the same key with another body; another customer's same key is theirs", async () => {
            const key = newKey();
            await order(ALICE, [{ productId: "bulb", quantity: 1 }], key);
            const reused = await order(ALICE, [{ productId: "bulb", quantity: 2 }], key);
            const bobs = await order(BOB, [{ productId: "bulb", quantity: 2 }], key);
            expect([reused.status, errorCode(reused)]).to.deep.equal([409, "IdempotencyKeyReused"]);
            expect(bobs.status).to.equal(201);
        });

        it("answers 422 for an unknown product or mixed currencies, 409 OutOfStock, 400 for a bad key or body; nothing written", async () => {
            const [count, stock] = [await orderCount(), await stockOf("lamp")];
            const unknown = await order(ALICE, [{ productId: "lamp", quantity: 1 }, { productId: "ghost", quantity: 1 }]);
            const mixed = await order(ALICE, [{ productId: "lamp", quantity: 1 }, { productId: "dollar", quantity: 1 }]);
            const short = await order(ALICE, [{ productId: "lamp", quantity: 1 }, { productId: "rare", quantity: 2 }]);
            const badKey = await call(create, { method: "POST", resource: ORDERS, body: { items: [{ productId: "lamp", quantity: 1 }] }, headers: { "Idempotency-Key": "short" }, caller: ALICE });
            const badBody = await order(ALICE, [{ productId: "lamp", quantity: 0 }]);
            expect([unknown.status, errorCode(unknown)]).to.deep.equal([422, "UnknownProduct"]);
            expect([mixed.status, errorCode(mixed)]).to.deep.equal([422, "MixedCurrency"]);
            expect([short.status, errorCode(short)]).to.deep.equal([409, "OutOfStock"]);
            expect([badKey.status, errorCode(badKey)]).to.deep.equal([400, "InvalidIdempotencyKey"]);
            expect([badBody.status, errorCode(badBody)]).to.deep.equal([400, "ValidationError"]);
            expect([await orderCount(), await stockOf("lamp")]).to.deep.equal([count, stock]);
        });

        it("answers 503 when the database or the receipt bucket is down, gives the stock back and writes no order", async () => {
            const [count, stock] = [await orderCount(), await stockOf("lamp")];
            const during = async (server: { pause(): Promise<void>; resume(): Promise<void> } | undefined) => {
                await server?.pause();
                try {
                    return await order(ALICE, [{ productId: "lamp", quantity: 1 }]);
                } finally {
                    await server?.resume();
                }
            };
            const dbDown = await during(stores.rdsData);
            const s3Down = await during(stores.s3);
            expect([dbDown.status, errorCode(dbDown)]).to.deep.equal([503, "ServiceUnavailable"]);
            expect([s3Down.status, errorCode(s3Down)]).to.deep.equal([503, "ServiceUnavailable"]);
            expect([await orderCount(), await stockOf("lamp")]).to.deep.equal([count, stock]);
        });
    });

    describe("GET /v1/orders and /v1/orders/{orderId}", () => {
        let alices: string;
        before(async () => {
            alices = (await order(ALICE, [{ productId: "bulb", quantity: 1 }])).body.orderId;
        });

        it("shows an order to its owner and to an admin, and 404 to anyone else", async () => {
            const get = (caller: TestCaller, orderId = alices) => call(read, { method: "GET", resource: ORDER, pathParameters: { orderId }, caller });
            const [owner, admin, other, missing] = [await get(ALICE), await get(ADMIN), await get(BOB), await get(ALICE, "no-such-order")];
            expect([owner.status, owner.body.orderId]).to.deep.equal([200, alices]);
            expect(admin.status).to.equal(200);
            expect([other.status, errorCode(other)]).to.deep.equal([404, "NotFound"]);
            expect(other.body.error.message).to.equal(missing.body.error.message);
        });

        it("lists only the caller's orders, newest first, page by page; an admin sees everyone's", async () => {
            const pages = async (caller: TestCaller) => {
                const ids: string[] = [];
                let cursor: string | undefined;
                for (let i = 0; i < 50; i++) {
                    const res = await call(read, { method: "GET", resource: ORDERS, query: { limit: "2", ...(cursor ? { cursor } : {}) }, caller });
                    expect(res.status).to.equal(200);
                    ids.push(...res.body.items.map((o: { orderId: string; customerId: string }) => `${o.customerId}:${o.orderId}`));
                    cursor = res.body.nextCursor;
                    if (cursor === undefined) break;
                }
                return ids;
            };
            const all = await testDb(stores).query<{ customer_id: string; order_id: string }>("SELECT customer_id, order_id FROM orders ORDER BY created_at DESC, order_id DESC");
            const expected = all.map((r) => `${r.customer_id}:${r.order_id}`);

            expect(await pages(ALICE)).to.deep.equal(expected.filter((id) => id.startsWith("alice:")));
            expect(await pages(ADMIN)).to.deep.equal(expected);
        });

        it("refuses another caller's cursor with 400 InvalidCursor", async () => {
            const first = await call(read, { method: "GET", resource: ORDERS, query: { limit: "1" }, caller: ALICE });
            const stolen = await call(read, { method: "GET", resource: ORDERS, query: { cursor: first.body.nextCursor }, caller: BOB });
            expect([stolen.status, errorCode(stolen)]).to.deep.equal([400, "InvalidCursor"]);
        });

        it("refuses cursors signed with a key derived from the cluster ARN and database name (issue 12: 500 before)", async () => {
            const forged = [{ t: "0000-01-01T00:00:00Z", id: "x" }, { t: "not a time", id: "x" }, { t: "2024-01-01T00:00:00Z", id: "x\u0000" }];
            for (const payload of forged) {
                const cursor = cursorWithGuessableKey(payload, [CLUSTER_ARN, "postgres", "orders"], "orders:alice");
                const res = await call(read, { method: "GET", resource: ORDERS, query: { cursor }, caller: ALICE });
                expect([res.status, errorCode(res)], JSON.stringify(payload)).to.deep.equal([400, "InvalidCursor"]);
            }
        });
    });

    describe("GET /v1/orders/{orderId}/receipt", () => {
        it("signs a short-lived CloudFront URL to the receipt for the owner; 404 for another customer", async () => {
            const placed = await order(ALICE, [{ productId: "bulb", quantity: 1 }]);
            const get = (caller: TestCaller) => call(receipt, { method: "GET", resource: RECEIPT, pathParameters: { orderId: placed.body.orderId }, caller });

            const [mine, theirs] = [await get(ALICE), await get(BOB)];

            const url = new URL(mine.body.url);
            const expires = Number(url.searchParams.get("Expires"));
            expect(mine.status).to.equal(200);
            expect(`${url.origin}${url.pathname}`).to.equal(`https://d123.cloudfront.net/receipts/${placed.body.orderId}.json`);
            expect(url.searchParams.get("Key-Pair-Id")).to.equal("K2JCJMDEHXQW5F");
            expect(url.searchParams.get("Signature")).to.match(/^[A-Za-z0-9~_-]{300,}$/);
            expect(expires - Date.now() / 1000).to.be.within(250, 301);
            expect(Date.parse(mine.body.expiresAt) / 1000).to.be.closeTo(expires, 1);
            expect([theirs.status, errorCode(theirs)]).to.deep.equal([404, "NotFound"]);
        });
    });

    describe("GET /v1/reports/sales", () => {
        const report = (query: Record<string, string>, caller: TestCaller = ADMIN) => call(sales, { method: "GET", resource: SALES, query, caller });

        it("sums quantity and revenue per day and product", async () => {
            const today = new Date().toISOString().slice(0, 10);
            const rows = await testDb(stores).query<{ product_id: string; q: number; r: number }>(
                "SELECT product_id, sum(quantity) AS q, sum(line_total_cents) AS r FROM order_lines GROUP BY product_id ORDER BY product_id",
            );
            const res = await report({ from: today, to: today });
            expect(res.status).to.equal(200);
            expect(res.body.rows).to.deep.equal(rows.map((r) => ({ day: today, productId: r.product_id, quantity: Number(r.q), revenueCents: Number(r.r) })));
            expect((await report({ from: "2000-01-01", to: "2000-12-31" })).body.rows).to.deep.equal([]);
        });

        it("answers 400 to invalid, reversed or too long ranges and 403 to a customer", async () => {
            const codes = [];
            for (const q of [{ from: "2024-02-30", to: "2024-03-01" }, { from: "2024-03-02", to: "2024-03-01" }, { from: "2024-01-01", to: "2025-01-01" }, { from: "2024-01-01" }]) {
                const res = await report(q as Record<string, string>);
                codes.push(`${res.status} ${errorCode(res)}`);
            }
            const customer = await report({ from: "2024-01-01", to: "2024-01-02" }, ALICE);
            expect(codes).to.deep.equal(["400 InvalidDate", "400 InvalidDateRange", "400 InvalidDateRange", "400 InvalidDate"]);
            expect((await report({ from: "2024-01-01", to: "2024-12-31" })).status).to.equal(200);
            expect([customer.status, errorCode(customer)]).to.deep.equal([403, "Forbidden"]);
        });

        it("answers 400 InvalidDate to days outside 1970 to 9999, which PostgreSQL or the report cannot take (issue 12: year 0000 answered 500)", async () => {
            for (const q of [{ from: "0000-01-01", to: "0000-01-02" }, { from: "1969-12-31", to: "1970-01-01" }, { from: "9999-12-31", to: "10000-01-01" }]) {
                const res = await report(q);
                expect([res.status, errorCode(res), res.body.error.message], JSON.stringify(q)).to.deep.equal([400, "InvalidDate", "from and to must be calendar days from 1970-01-01 to 9999-12-31, YYYY-MM-DD."]);
            }
            const edges = await report({ from: "9999-12-31", to: "9999-12-31" });
            expect([edges.status, edges.body.rows]).to.deep.equal([200, []]);
        });
    });

    describe("values a store refuses", () => {
        it("answers 400 InvalidValue, not 500, when PostgreSQL refuses a stored product name (NUL), and places nothing (issue 12)", async () => {
            // Written before the contract refused control characters: DynamoDB keeps a NUL, PostgreSQL text cannot.
            await seedProducts(stores, [{ productId: "legacy-nul", name: "Bad\u0000name", priceCents: 100, stock: 3 }]);
            const before = await orderCount();
            const res = await order(ALICE, [{ productId: "legacy-nul", quantity: 1 }]);
            expect([res.status, errorCode(res)]).to.deep.equal([400, "InvalidValue"]);
            expect(JSON.stringify(res.body)).to.not.match(/SQLState|PostgreSQL|0x00|order_lines/i);
            expect([await orderCount(), await stockOf("legacy-nul")]).to.deep.equal([before, 3]);
        });
    });
});
