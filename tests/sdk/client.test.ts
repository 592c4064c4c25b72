import { expect } from "chai";
import { PortcullisApiError, PortcullisClient, type ClientOptions } from "../../sdk/src";
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from "../../sdk/src/retry";
import { FakeApi } from "./fakeApi";

const ORDER = { orderId: "o1", customerId: "c1", status: "CONFIRMED", currency: "EUR", totalCents: 100, lines: [], createdAt: "2026-01-01T00:00:00Z" };

describe("sdk client against a local fake API", () => {
    const fake = new FakeApi();
    let baseUrl: string;
    let sleeps: number[];

    before(async () => {
        baseUrl = await fake.start();
    });
    after(() => fake.stop());
    beforeEach(() => {
        fake.reset();
        sleeps = [];
    });

    /** A client whose waits are recorded instead of slept, with jitter fixed at half the ceiling. */
    const client = (options: Partial<ClientOptions> = {}) =>
        new PortcullisClient({
            baseUrl: `${baseUrl}/`,
            apiKey: "key-basic",
            token: () => "tok-123",
            sleep: async (ms) => void sleeps.push(ms),
            random: () => 0.5,
            newIdempotencyKey: () => "generated-key-1",
            ...options,
        });

    describe("requests", () => {
        it("sends the API key, the bearer token, Accept and the query for a keyed, token-secured operation", async () => {
            fake.answer({ status: 200, json: { items: [] } });
            const page = await client().listProducts({ limit: "5", cursor: "a b" });
            expect(page).to.deep.equal({ items: [] });
            const [req] = fake.received;
            expect(req.method).to.equal("GET");
            expect(req.url).to.equal("/v1/products?limit=5&cursor=a+b");
            expect(req.headers["x-api-key"]).to.equal("key-basic");
            expect(req.headers.authorization).to.equal("Bearer tok-123");
            expect(req.headers.accept).to.equal("application/json");
        });

        it("sends neither key nor token to the public health check", async () => {
            fake.answer({ status: 200, json: { status: "ok", version: "1.0.0" } });
            await client().getHealth();
            expect(fake.received[0].headers).not.to.have.any.keys("x-api-key", "authorization");
        });

        it("encodes path parameters, sends If-Match, and returns undefined for 204", async () => {
            fake.answer({ status: 204 });
            const result = await client().deleteProduct({ productId: "a/b", ifMatch: "3" });
            expect(result).to.equal(undefined);
            expect(fake.received[0]).to.include({ method: "DELETE", url: "/v1/products/a%2Fb" });
            expect(fake.received[0].headers["if-match"]).to.equal("3");
        });

        it("generates an Idempotency-Key for createOrder and sends JSON", async () => {
            fake.answer({ status: 201, json: ORDER });
            expect(await client().createOrder({ items: [{ productId: "p1", quantity: 2 }] })).to.deep.equal(ORDER);
            const [req] = fake.received;
            expect(req.headers["idempotency-key"]).to.equal("generated-key-1");
            expect(req.headers["content-type"]).to.equal("application/json");
            expect(JSON.parse(req.body)).to.deep.equal({ items: [{ productId: "p1", quantity: 2 }] });
        });

        it("keeps a caller's Idempotency-Key", async () => {
            fake.answer({ status: 200, json: ORDER });
            await client().createOrder({ items: [{ productId: "p1", quantity: 1 }] }, { idempotencyKey: "mine-12345" });
            expect(fake.received[0].headers["idempotency-key"]).to.equal("mine-12345");
        });

        it("signs SigV4 operations for the internal base URL and sends them there, and refuses them without a signer", async () => {
            // Prepare: the public base URL is unreachable, so a request sent there would fail the test.
            fake.answer({ status: 200, json: { updated: [], failed: [] } });
            const signedFor: string[] = [];
            const internal = { baseUrl: "http://public.invalid", internalBaseUrl: `${baseUrl}/live/` };
            // Act
            await client({ ...internal, signer: async (r) => (signedFor.push(r.url), { Authorization: `AWS4-HMAC-SHA256 signed ${r.method}`, "X-Amz-Date": "20260101T000000Z" }) })
                .updateStock({ updates: [{ productId: "p1", delta: 1 }] });
            // Assess
            expect(signedFor).to.deep.equal([`${baseUrl}/live/v1/internal/stock`]);
            expect(fake.received[0].url).to.equal("/live/v1/internal/stock");
            expect(fake.received[0].headers.authorization).to.equal("AWS4-HMAC-SHA256 signed POST");
            expect(fake.received[0].headers).not.to.have.any.keys("x-api-key");
            try {
                await client(internal).updateStock({ updates: [{ productId: "p1", delta: 1 }] });
                expect.fail("expected an error");
            } catch (e) {
                expect((e as Error).message).to.equal("updateStock is signed with SigV4: pass a signer in the client options");
            }
        });

        it("refuses a SigV4 operation without internalBaseUrl rather than signing for the public host", async () => {
            const signer = async () => ({ Authorization: "AWS4-HMAC-SHA256 x" });
            try {
                await client({ signer }).updateStock({ updates: [{ productId: "p1", delta: 1 }] });
                expect.fail("expected an error");
            } catch (e) {
                expect((e as Error).message).to.equal(
                    "updateStock is signed with SigV4 for the stage's execute-api endpoint: pass internalBaseUrl (the stack output internalApiUrl) in the client options",
                );
            }
            expect(fake.received).to.deep.equal([]);
        });
    });

    describe("retries", () => {
        it("retries a 429 after the Retry-After seconds, then succeeds", async () => {
            fake.answer({ status: 429, headers: { "Retry-After": "2" }, json: { message: "Too Many Requests" } }, { status: 200, json: { items: [] } });
            await client().listProducts();
            expect(fake.received).to.have.length(2);
            expect(sleeps).to.deep.equal([2000]);
        });

        it("retries 503 with exponential backoff and jitter, reusing the generated Idempotency-Key", async () => {
            const unavailable = { status: 503, json: { error: { code: "ServiceUnavailable", message: "A data store is unavailable; retry with backoff.", requestId: "r1" } } };
            fake.answer(unavailable, unavailable, { status: 201, json: ORDER });
            let n = 0;
            await client({ newIdempotencyKey: () => `key-${++n}-abcdef` }).createOrder({ items: [{ productId: "p1", quantity: 1 }] });
            expect(sleeps).to.deep.equal([100, 200]); // half of 200 and of 400 ms
            expect(fake.received.map((r) => r.headers["idempotency-key"])).to.deep.equal(["key-1-abcdef", "key-1-abcdef", "key-1-abcdef"]);
        });

        it("gives up after maxAttempts and throws the last error", async () => {
            fake.answer(...Array.from({ length: 3 }, () => ({ status: 429, json: { message: "Too Many Requests" } })));
            const error = await client({ retry: { maxAttempts: 3 } }).listProducts().catch((e: unknown) => e);
            expect(error).to.be.instanceOf(PortcullisApiError);
            expect(error).to.include({ status: 429, code: "Throttled", source: "gateway" });
            expect(fake.received).to.have.length(3);
            expect(sleeps).to.have.length(2);
        });

        it("does not retry a spent quota, nor a Retry-After longer than maxDelayMs", async () => {
            fake.answer({ status: 429, json: { message: "Limit Exceeded" } });
            expect(await client().listProducts().catch((e: unknown) => e)).to.include({ code: "QuotaExceeded" });
            fake.answer({ status: 503, headers: { "Retry-After": "60" }, json: { message: "Service Unavailable" } });
            expect(await client().listProducts().catch((e: unknown) => e)).to.include({ status: 503, retryAfterMs: 60_000 });
            expect(fake.received).to.have.length(2);
            expect(sleeps).to.deep.equal([]);
        });

        it("does not retry other errors", async () => {
            fake.answer({ status: 500, json: { error: { code: "InternalError", message: "An unexpected error occurred.", requestId: "r9" } } });
            expect(await client().listProducts().catch((e: unknown) => e)).to.include({ status: 500, code: "InternalError" });
            expect(fake.received).to.have.length(1);
        });
    });

    describe("error mapping", () => {
        it("maps the handler shape to status, code, message and requestId", async () => {
            fake.answer({ status: 409, json: { error: { code: "OutOfStock", message: "Not enough stock for: p1.", requestId: "req-42" } } });
            const e = await client().createOrder({ items: [{ productId: "p1", quantity: 9 }] }).catch((x: unknown) => x);
            expect(e).to.include({ name: "PortcullisApiError", status: 409, code: "OutOfStock", message: "Not enough stock for: p1.", requestId: "req-42", source: "handler" });
        });

        it("maps API Gateway's shapes to stable codes, the request id from its header", async () => {
            fake.answer(
                { status: 403, headers: { "x-amzn-RequestId": "gw-1" }, json: { message: "Forbidden" } },
                { status: 403, json: { Message: "User is not authorized to access this resource with an explicit deny" } },
                { status: 401, json: { message: "Unauthorized" } },
            );
            expect(await client().listProducts().catch((e: unknown) => e)).to.include({ status: 403, code: "Forbidden", requestId: "gw-1", source: "gateway" });
            expect(await client().listProducts().catch((e: unknown) => e)).to.include({ code: "AccessDenied" });
            expect(await client().listProducts().catch((e: unknown) => e)).to.include({ status: 401, code: "Unauthorized" });
        });

        it("maps anything else to Http<status> with the text", async () => {
            fake.answer({ status: 502, text: "Bad Gateway" });
            expect(await client().listProducts().catch((e: unknown) => e)).to.include({ status: 502, code: "Http502", message: "Bad Gateway", source: "unknown" });
        });
    });

    describe("backoff and Retry-After", () => {
        it("reads delta-seconds and HTTP dates", () => {
            const now = Date.parse("2026-01-01T00:00:00Z");
            expect(parseRetryAfter("3", now)).to.equal(3000);
            expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).to.equal(5000);
            expect(parseRetryAfter("soon", now)).to.equal(undefined);
            expect(parseRetryAfter(null, now)).to.equal(undefined);
        });

        it("doubles the ceiling per retry and caps it at maxDelayMs", () => {
            const max = () => 0.999999;
            expect([1, 2, 3].map((n) => backoffDelay(n, DEFAULT_RETRY, max))).to.deep.equal([199, 399, 799]);
            expect(backoffDelay(20, DEFAULT_RETRY, max)).to.equal(19_999);
        });
    });
});
