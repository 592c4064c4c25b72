import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { expect } from "chai";
import type { FunctionKey } from "../../handlers";
import type { StackConfig } from "../../config/schema";
import { GROUP_SCOPES, policyFor } from "../../contract";
import { MULTILINE_TEXT_PATTERN, PLAIN_TEXT_PATTERN } from "../../contract/schemas";
import { startGateway, type GatewayOptions, type LocalLambdaContext, type RunningGateway } from "../../local/gateway";

const T0 = Date.UTC(2026, 0, 7, 10, 0, 0);
const ORIGIN = "http://localhost:5173";
const FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    status: "$context.status",
    resourcePath: "$context.resourcePath",
    apiKeyId: "$context.identity.apiKeyId",
    principalId: "$context.authorizer.principalId",
    xrayTraceId: "$context.xrayTraceId",
    responseLength: "$context.responseLength",
});

type Handler = (event: APIGatewayProxyEvent, context: LocalLambdaContext) => Promise<unknown>;

function config(): GatewayOptions["config"] {
    const gateway: StackConfig["gateway"] = {
        stageName: "live",
        throttle: { rateLimit: 1000, burstLimit: 1000 },
        endpointThrottles: [{ method: "GET", path: "/health", rateLimit: 1, burstLimit: 2 }],
        tiers: {
            basic: { throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, period: "DAY" }, methodThrottles: [] },
            premium: {
                throttle: { rateLimit: 1000, burstLimit: 1000 },
                quota: { limit: 1000, period: "DAY" },
                methodThrottles: [{ method: "GET", path: "/v1/reports/sales", rateLimit: 1, burstLimit: 2 }],
            },
            enterprise: { throttle: { rateLimit: 1000, burstLimit: 1000 }, quota: { limit: 3, period: "MONTH" }, methodThrottles: [] },
        },
        apiClients: [],
        corsOrigins: [ORIGIN],
        authorizerCacheTtlSeconds: 300,
        integrationTimeoutMs: 300,
        manageAccountCloudWatchRole: false,
    };
    return { region: "eu-west-1", prefix: "portcullis-test", gateway, lambda: { memoryMb: 512, logLevel: "INFO", timeoutSeconds: 10, reservedConcurrency: {}, accountConcurrencyLimit: 1000 } };
}

const KEYS = { basic: "basic-key-0001", premium: "premium-key-0001", enterprise: "enterprise-key-0001" };

/** An authorizer whose answer depends on the bearer token; it counts its calls. */
function authorizer(calls: APIGatewayRequestAuthorizerEvent[]) {
    return async (event: APIGatewayRequestAuthorizerEvent) => {
        calls.push(event);
        const token = (event.headers?.Authorization ?? event.headers?.authorization ?? "").replace(/^Bearer /, "");
        switch (token) {
            case "admin":
            case "customer": {
                const group = token;
                return {
                    principalId: `user-${group}`,
                    policyDocument: policyFor({ scopes: GROUP_SCOPES[group], groups: [group] }, event.methodArn),
                    context: { groups: group, scopes: GROUP_SCOPES[group].join(" "), admin: group === "admin", n: 7 },
                };
            }
            case "elsewhere":
                return {
                    principalId: "u",
                    policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:*:*:other/*" }] },
                };
            case "expired":
                throw new Error("Unauthorized");
            case "malformed":
                return { principalId: "u" };
            default:
                throw new Error("JWKS endpoint unreachable");
        }
    };
}

/** The handler behind every route unless a test replaces it: echoes the event. */
const echo: Handler = async (event, context) => ({
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ event, context: { ...context, remaining: context.getRemainingTimeInMillis() } }),
});

interface Harness {
    api: RunningGateway;
    clock: { t: number };
    authorizerCalls: APIGatewayRequestAuthorizerEvent[];
    handlerCalls: FunctionKey[];
    log: string[];
    handlers: Partial<Record<FunctionKey, Handler>>;
    call(path: string, init?: RequestInit & { key?: keyof typeof KEYS; token?: string }): Promise<{ status: number; body: string; headers: Headers; json: () => unknown }>;
}

async function harness(change: (c: GatewayOptions["config"]) => void = () => undefined): Promise<Harness> {
    const clock = { t: T0 };
    const authorizerCalls: APIGatewayRequestAuthorizerEvent[] = [];
    const handlerCalls: FunctionKey[] = [];
    const log: string[] = [];
    const handlers: Partial<Record<FunctionKey, Handler>> = {};
    const auth = authorizer(authorizerCalls);
    const cfg = config();
    change(cfg);
    const api = await startGateway({
        config: cfg,
        apiKeys: (Object.keys(KEYS) as (keyof typeof KEYS)[]).map((tier) => ({ id: `id-${tier}`, value: KEYS[tier], tier, name: `demo-${tier}` })),
        now: () => clock.t,
        accessLog: { sink: { write: (line: string) => log.push(line) }, format: FORMAT },
        invoke: async (fn, event, context) => {
            if (fn === "authorizer") return auth(event as APIGatewayRequestAuthorizerEvent);
            handlerCalls.push(fn);
            return (handlers[fn] ?? echo)(event as APIGatewayProxyEvent, context);
        },
    });
    return {
        api,
        clock,
        authorizerCalls,
        handlerCalls,
        log,
        handlers,
        async call(path, init = {}) {
            const headers = new Headers(init.headers);
            if (init.key) headers.set("x-api-key", KEYS[init.key]);
            if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
            const res = await fetch(`${api.url}${path}`, { ...init, headers });
            const body = await res.text();
            return { status: res.status, body, headers: res.headers, json: () => JSON.parse(body) };
        },
    };
}

describe("local gateway over HTTP", () => {
    let h: Harness;
    beforeEach(async () => {
        h = await harness();
    });
    afterEach(async () => {
        await h.api.close();
    });

    describe("routing", () => {
        it("answers unknown paths and methods with 403 Missing Authentication Token", async () => {
            for (const [path, method] of [
                ["/v1/nothing", "GET"],
                ["/v1/products", "PATCH"],
                ["/", "GET"],
            ]) {
                const res = await h.call(path, { method });
                expect(res.status).to.equal(403);
                expect(res.body).to.equal('{"message":"Missing Authentication Token"}');
                expect(res.headers.get("x-amzn-errortype")).to.equal("MissingAuthenticationTokenException");
            }
        });

        it("routes with path parameters to the route's function", async () => {
            const res = await h.call("/v1/orders/o-1/receipt", { key: "basic", token: "customer" });
            expect(res.status).to.equal(200);
            expect(h.handlerCalls).to.deep.equal(["orderReceipt"]);
            const { event } = res.json() as { event: APIGatewayProxyEvent };
            expect(event.pathParameters).to.deep.equal({ orderId: "o-1" });
            expect(event.resource).to.equal("/v1/orders/{orderId}/receipt");
        });
    });

    describe("API keys", () => {
        it("answers 403 Forbidden without a key or with an unknown one, after the authorizer", async () => {
            const none = await h.call("/v1/products", { token: "admin" });
            const unknown = await h.call("/v1/products", { token: "admin", headers: { "X-API-KEY": "nope" } });
            for (const res of [none, unknown]) {
                expect(res.status).to.equal(403);
                expect(res.body).to.equal('{"message":"Forbidden"}');
            }
            expect(h.handlerCalls).to.deep.equal([]);
        });

        it("accepts the key in any header casing and reports it in the identity", async () => {
            const res = await h.call("/v1/products", { token: "admin", headers: { "X-Api-Key": KEYS.premium } });
            expect(res.status).to.equal(200);
            const { event } = res.json() as { event: APIGatewayProxyEvent };
            expect(event.requestContext.identity).to.include({ apiKey: KEYS.premium, apiKeyId: "id-premium" });
        });
    });

    describe("throttling", () => {
        it("spends the tier's burst, answers 429 Too Many Requests, and recovers at the tier's rate", async () => {
            const statuses: number[] = [];
            for (let i = 0; i < 11; i++) statuses.push((await h.call("/v1/products", { key: "basic", token: "admin" })).status);
            expect(statuses).to.deep.equal([...Array(10).fill(200), 429]);
            const throttled = await h.call("/v1/products", { key: "basic", token: "admin" });
            expect(throttled.body).to.equal('{"message":"Too Many Requests"}');
            h.clock.t += 200; // basic: 5 per second, one token every 200 ms
            expect((await h.call("/v1/products", { key: "basic", token: "admin" })).status).to.equal(200);
            expect((await h.call("/v1/products", { key: "basic", token: "admin" })).status).to.equal(429);
            expect((await h.call("/v1/products", { key: "premium", token: "admin" })).status, "another key has its own bucket").to.equal(200);
        });

        it("applies a plan's per-method override to that method only", async () => {
            const report = "/v1/reports/sales?from=2026-01-01&to=2026-01-31";
            const statuses: number[] = [];
            for (let i = 0; i < 3; i++) statuses.push((await h.call(report, { key: "premium", token: "admin" })).status);
            expect(statuses).to.deep.equal([200, 200, 429]);
            expect((await h.call("/v1/products", { key: "premium", token: "admin" })).status).to.equal(200);
            h.clock.t += 1000;
            expect((await h.call(report, { key: "premium", token: "admin" })).status).to.equal(200);
        });

        it("applies a stage endpoint throttle to every caller of the method", async () => {
            const statuses: number[] = [];
            for (let i = 0; i < 3; i++) statuses.push((await h.call("/health")).status);
            expect(statuses).to.deep.equal([200, 200, 429]);
            h.clock.t += 1000;
            expect((await h.call("/health")).status).to.equal(200);
        });
    });

    describe("quotas", () => {
        it("answers 429 Limit Exceeded past the quota and starts again with the next month (UTC)", async () => {
            h.clock.t = Date.UTC(2026, 0, 31, 23, 59, 0);
            const statuses: number[] = [];
            for (let i = 0; i < 4; i++) statuses.push((await h.call("/v1/products", { key: "enterprise", token: "admin" })).status);
            expect(statuses).to.deep.equal([200, 200, 200, 429]);
            const over = await h.call("/v1/products", { key: "enterprise", token: "admin" });
            expect(over.body).to.equal('{"message":"Limit Exceeded"}');
            h.clock.t = Date.UTC(2026, 1, 1, 0, 0, 0);
            expect((await h.call("/v1/products", { key: "enterprise", token: "admin" })).status).to.equal(200);
        });

        it("counts a DAY quota until midnight UTC", async () => {
            await h.api.close();
            h = await harness((c) => {
                c.gateway.tiers.basic.quota = { limit: 1, period: "DAY" };
            });
            h.clock.t = Date.UTC(2026, 0, 7, 23, 59, 59);
            expect((await h.call("/v1/products", { key: "basic", token: "admin" })).status).to.equal(200);
            expect((await h.call("/v1/products", { key: "basic", token: "admin" })).status).to.equal(429);
            h.clock.t = Date.UTC(2026, 0, 8);
            expect((await h.call("/v1/products", { key: "basic", token: "admin" })).status).to.equal(200);
        });
    });

    describe("Lambda authorizer", () => {
        it("answers 401 without an Authorization header and never calls the authorizer", async () => {
            const res = await h.call("/v1/products", { key: "basic" });
            expect(res.status).to.equal(401);
            expect(res.body).to.equal('{"message":"Unauthorized"}');
            expect(h.authorizerCalls).to.have.length(0);
        });

        it("sends the REQUEST event for the concrete method ARN", async () => {
            await h.call("/v1/products/p-1?x=1&x=2", { key: "basic", token: "admin" });
            const event = h.authorizerCalls[0];
            expect(event.type).to.equal("REQUEST");
            expect(event.methodArn).to.equal("arn:aws:execute-api:eu-west-1:123456789012:portcullis/live/GET/v1/products/p-1");
            expect(event).to.include({ resource: "/v1/products/{productId}", path: "/v1/products/p-1", httpMethod: "GET" });
            expect(event.pathParameters).to.deep.equal({ productId: "p-1" });
            expect(event.queryStringParameters).to.deep.equal({ x: "2" });
            expect(event.multiValueQueryStringParameters).to.deep.equal({ x: ["1", "2"] });
            expect(event.headers?.Authorization).to.equal("Bearer admin");
            expect(event.requestContext).to.include({ resourcePath: "/v1/products/{productId}", stage: "live", path: "/live/v1/products/p-1" });
            expect(event.requestContext).to.not.have.property("authorizer");
        });

        it("caches the result per token for the TTL across methods, and calls again after it", async () => {
            await h.call("/v1/products", { key: "premium", token: "admin" });
            await h.call("/v1/orders", { key: "premium", token: "admin" });
            await h.call("/v1/products/p1", { key: "premium", token: "admin", method: "DELETE" });
            expect(h.authorizerCalls).to.have.length(1);
            await h.call("/v1/products", { key: "premium", token: "customer" });
            expect(h.authorizerCalls, "another token is another cache entry").to.have.length(2);
            h.clock.t += 300_000;
            await h.call("/v1/products", { key: "premium", token: "admin" });
            expect(h.authorizerCalls).to.have.length(3);
        });

        it("evaluates the cached policy against each method: explicit deny is 403", async () => {
            expect((await h.call("/v1/products", { key: "premium", token: "customer" })).status).to.equal(200);
            const denied = await h.call("/v1/reports/sales?from=2026-01-01&to=2026-01-02", { key: "premium", token: "customer" });
            expect(denied.status).to.equal(403);
            expect(denied.body).to.equal('{"Message":"User is not authorized to access this resource with an explicit deny"}');
            expect(h.authorizerCalls).to.have.length(1);
            expect(h.handlerCalls).to.deep.equal(["catalogRead"]);
        });

        it("answers 403 when no statement allows the method", async () => {
            const res = await h.call("/v1/products", { key: "basic", token: "elsewhere" });
            expect(res.status).to.equal(403);
            expect(res.body).to.equal('{"Message":"User is not authorized to access this resource"}');
        });

        it("answers 401 when the authorizer throws Unauthorized, and does not cache it", async () => {
            const first = await h.call("/v1/products", { key: "basic", token: "expired" });
            expect(first.status).to.equal(401);
            expect(first.body).to.equal('{"message":"Unauthorized"}');
            await h.call("/v1/products", { key: "basic", token: "expired" });
            expect(h.authorizerCalls).to.have.length(2);
        });

        it("answers 500 with a null message when the authorizer fails or returns a malformed result", async () => {
            for (const token of ["broken", "malformed"]) {
                const res = await h.call("/v1/products", { key: "basic", token });
                expect(res.status).to.equal(500);
                expect(res.body).to.equal('{"message":null}');
                expect(res.headers.get("x-amzn-errortype")).to.equal("AuthorizerConfigurationException");
            }
        });

        it("passes principalId and stringified context values to the function", async () => {
            const res = await h.call("/v1/products", { key: "basic", token: "admin" });
            const { event } = res.json() as { event: APIGatewayProxyEvent };
            expect(event.requestContext.authorizer).to.include({ principalId: "user-admin", groups: "admin", admin: "true", n: "7" });
            expect(event.requestContext.authorizer?.integrationLatency).to.be.a("number");
        });
    });

    describe("request validators", () => {
        const product = { name: "Lamp", priceCents: 1999, currency: "EUR", stock: 3 };

        it("answers 400 Invalid request body naming what failed, as validationErrorString reports it (draft 4, $refs resolved)", async () => {
            const cases: Array<[string, string]> = [
                ['{"name":"Lamp"}', '[object has missing required properties ([\\"currency\\",\\"priceCents\\",\\"stock\\"])]'],
                [JSON.stringify({ ...product, extra: 1 }), '[object instance has properties which are not allowed by the schema: [\\"extra\\"]]'],
                [JSON.stringify({ ...product, priceCents: -1, currency: "JPY" }), '[numeric instance is lower than the required minimum (minimum: 0, found: -1), instance value (\\"JPY\\") not found in enum (possible values: [\\"EUR\\",\\"USD\\",\\"GBP\\"])]'],
                [JSON.stringify({ ...product, stock: "3" }), '[instance type (string) does not match any allowed primitive type (allowed: [\\"integer\\"])]'],
            ];
            for (const [body, validation] of cases) {
                const res = await h.call("/v1/products", { method: "POST", key: "basic", token: "admin", body, headers: { "Content-Type": "application/json" } });
                expect([res.status, res.body], body).to.deep.equal([400, `{"message":"Invalid request body","validation":"${validation}"}`]);
                expect(JSON.parse(res.body).validation, body).to.equal(JSON.parse(`"${validation}"`));
            }
            const notJson = await h.call("/v1/products", { method: "POST", key: "basic", token: "admin", body: "not json", headers: { "Content-Type": "application/json" } });
            expect([notJson.status, JSON.parse(notJson.body).message]).to.deep.equal([400, "Invalid request body"]);
            expect(JSON.parse(notJson.body).validation).to.match(/^\[.*JSON.*\]$/);
            const nested = await h.call("/v1/orders", {
                method: "POST",
                key: "basic",
                token: "admin",
                body: JSON.stringify({ items: [{ productId: "bad id!", quantity: 1 }] }),
                headers: { "Idempotency-Key": "key-12345", "Content-Type": "application/json; charset=utf-8" },
            });
            expect(nested.status).to.equal(400);
            expect(JSON.parse(nested.body).validation).to.equal('[ECMA 262 regex "^[A-Za-z0-9_-]{1,64}$" does not match input string "bad id!"]');
            expect(h.handlerCalls).to.deep.equal([]);
        });

        it("answers a control character in a text field with 400 Invalid request body, quoting the field's pattern and value as API Gateway does", async () => {
            const regex = (pattern: string, value: string) => `ECMA 262 regex ${JSON.stringify(pattern)} does not match input string ${JSON.stringify(value)}`;
            const cases: Array<[Record<string, unknown>, string]> = [
                [{ ...product, name: "La\u0000mp" }, `[${regex(PLAIN_TEXT_PATTERN, "La\u0000mp")}]`],
                [{ ...product, name: "Lamp\n" }, `[${regex(PLAIN_TEXT_PATTERN, "Lamp\n")}]`],
                [{ ...product, name: "\ud800", description: "Bright\u001b[2J" }, `[${regex(PLAIN_TEXT_PATTERN, "\ud800")}, ${regex(MULTILINE_TEXT_PATTERN, "Bright\u001b[2J")}]`],
            ];
            for (const [body, validation] of cases) {
                const res = await h.call("/v1/products", { method: "POST", key: "basic", token: "admin", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
                expect([res.status, JSON.parse(res.body)], validation).to.deep.equal([400, { message: "Invalid request body", validation }]);
            }
            const multiline = await h.call("/v1/products", {
                method: "POST",
                key: "basic",
                token: "admin",
                body: JSON.stringify({ ...product, name: "Lamp \ud83d\udca1", description: "Warm light.\r\n\tDimmable." }),
                headers: { "Content-Type": "application/json" },
            });
            expect(multiline.status).to.equal(200);
            expect(h.handlerCalls).to.deep.equal(["catalogWrite"]);
        });

        it("validates a body sent without Content-Type as JSON", async () => {
            const res = await h.api.gateway.handle({
                method: "POST",
                rawPath: "/v1/products",
                query: [],
                rawHeaders: ["x-api-key", KEYS.basic, "Authorization", "Bearer admin"],
                body: Buffer.from("{}"),
                sourceIp: "127.0.0.1",
                protocol: "HTTP/1.1",
            });
            expect(res.status).to.equal(400);
        });

        it("passes a body of another content type unvalidated, as API Gateway does without a model for it", async () => {
            const res = await h.call("/v1/products", { method: "POST", key: "basic", token: "admin", body: "{}", headers: { "Content-Type": "text/plain" } });
            expect(res.status).to.equal(200);
        });

        it("passes a valid body through unchanged", async () => {
            const res = await h.call("/v1/products", { method: "POST", key: "basic", token: "admin", body: JSON.stringify(product), headers: { "Content-Type": "application/json" } });
            expect(res.status).to.equal(200);
            expect(JSON.parse((res.json() as { event: APIGatewayProxyEvent }).event.body!)).to.deep.equal(product);
        });

        it("answers 400 naming the missing required parameters, blank ones included", async () => {
            const query = await h.call("/v1/reports/sales?to=", { key: "basic", token: "admin" });
            expect(query.status).to.equal(400);
            expect(query.body).to.equal('{"message":"Missing required request parameters: [from, to]"}');
            const headerMissing = await h.call("/v1/orders", { method: "POST", key: "basic", token: "admin", body: '{"items":[{"productId":"p1","quantity":1}]}' });
            expect(headerMissing.body).to.equal('{"message":"Missing required request parameters: [Idempotency-Key]"}');
        });
    });

    describe("CORS", () => {
        it("answers the preflight like the contract's MOCK integration, Allow-Origin only for configured origins", async () => {
            const ok = await h.call("/v1/products/p1", { method: "OPTIONS", headers: { Origin: ORIGIN } });
            expect(ok.status).to.equal(200);
            expect(ok.headers.get("access-control-allow-origin")).to.equal(ORIGIN);
            expect(ok.headers.get("access-control-allow-methods")).to.equal("GET,PUT,DELETE,OPTIONS");
            expect(ok.headers.get("access-control-allow-headers")).to.equal("Authorization,Content-Type,Idempotency-Key,If-Match,X-Api-Key,X-Amz-Date,X-Amz-Security-Token");
            expect(ok.headers.get("access-control-max-age")).to.equal("600");
            expect(ok.headers.get("vary")).to.equal("Origin");
            const other = await h.call("/v1/products/p1", { method: "OPTIONS", headers: { Origin: "https://evil.example" } });
            expect(other.status).to.equal(200);
            expect(other.headers.get("access-control-allow-origin")).to.equal(null);
        });

        it("denies a preflight on an IAM-only path, as the stage's resource policy does", async () => {
            const res = await h.call("/v1/internal/stock", { method: "OPTIONS", headers: { Origin: ORIGIN } });
            expect(res.status).to.equal(403);
            expect(res.body).to.equal(
                '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:123456789012:portcullis/live/OPTIONS/v1/internal/stock"}',
            );
        });

        it("adds Allow-Origin to gateway errors and function responses for configured origins only", async () => {
            const error = await h.call("/v1/products", { headers: { Origin: ORIGIN } });
            expect(error.status).to.equal(401);
            expect(error.headers.get("access-control-allow-origin")).to.equal(ORIGIN);
            const ok = await h.call("/health", { headers: { Origin: ORIGIN } });
            expect(ok.headers.get("access-control-allow-origin")).to.equal(ORIGIN);
            const other = await h.call("/v1/products", { headers: { Origin: "https://evil.example" } });
            expect(other.headers.get("access-control-allow-origin")).to.equal(null);
        });

        it("has no OPTIONS methods when no origin is configured", async () => {
            await h.api.close();
            h = await harness((c) => {
                c.gateway.corsOrigins = [];
            });
            const res = await h.call("/v1/products", { method: "OPTIONS", headers: { Origin: ORIGIN } });
            expect(res.status).to.equal(403);
            expect(res.body).to.equal('{"message":"Missing Authentication Token"}');
        });
    });

    describe("integration", () => {
        it("answers 413 for a body over 10 MB without calling anything", async () => {
            const res = await h.call("/v1/products", { method: "POST", key: "basic", token: "admin", body: "x".repeat(10 * 1024 * 1024 + 1) });
            expect(res.status).to.equal(413);
            expect(res.body).to.equal('{"message":"Request Too Long"}');
            expect(h.authorizerCalls).to.have.length(0);
        });

        it("answers 504 when the function runs past the integration timeout", async () => {
            h.handlers.health = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: "late" }), 1000).unref());
            const res = await h.call("/health");
            expect(res.status).to.equal(504);
            expect(res.body).to.equal('{"message":"Endpoint request timed out"}');
        });

        it("answers 502 for a function error and for every malformed proxy result", async () => {
            const results: unknown[] = [undefined, "ok", { body: "x" }, { statusCode: 200, body: { a: 1 } }, { statusCode: 200, headers: { a: ["x"] } }];
            for (const result of results) {
                h.clock.t += 1000; // past the stage's 1 request per second on /health
                h.handlers.health = async () => result;
                const res = await h.call("/health");
                expect(res.status, JSON.stringify(result)).to.equal(502);
                expect(res.body).to.equal('{"message":"Internal server error"}');
            }
            h.handlers.health = async () => {
                throw new Error("boom");
            };
            h.clock.t += 1000;
            const thrown = await h.call("/health");
            expect([thrown.status, thrown.body]).to.deep.equal([502, '{"message":"Internal server error"}']);
        });

        it("returns the function's status, headers and body", async () => {
            h.handlers.health = async () => ({ statusCode: 201, headers: { ETag: '"3"' }, multiValueHeaders: { "X-Multi": ["a", "b"] }, body: "created" });
            const res = await h.call("/health");
            expect(res.status).to.equal(201);
            expect(res.body).to.equal("created");
            expect(res.headers.get("etag")).to.equal('"3"');
            expect(res.headers.get("x-multi")).to.equal("a, b");
            expect(res.headers.get("content-type")).to.equal("application/json");
        });
    });

    describe("proxy event and context", () => {
        it("fills every field of the v1.0 event", async () => {
            const res = await h.call("/v1/products?limit=5", { key: "basic", token: "admin", headers: { "User-Agent": "tests/1.0" } });
            const { event, context } = res.json() as { event: APIGatewayProxyEvent; context: Record<string, unknown> };
            expect(Object.keys(event).sort()).to.deep.equal(
                [
                    "body",
                    "headers",
                    "httpMethod",
                    "isBase64Encoded",
                    "multiValueHeaders",
                    "multiValueQueryStringParameters",
                    "path",
                    "pathParameters",
                    "queryStringParameters",
                    "requestContext",
                    "resource",
                    "stageVariables",
                ].sort(),
            );
            expect(event).to.include({ resource: "/v1/products", path: "/v1/products", httpMethod: "GET", body: null, isBase64Encoded: false, pathParameters: null, stageVariables: null });
            expect(event.queryStringParameters).to.deep.equal({ limit: "5" });
            expect(event.headers).to.include({ "User-Agent": "tests/1.0", "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "http" });
            const rc = event.requestContext;
            expect(rc).to.include({
                accountId: "123456789012",
                apiId: "portcullis",
                httpMethod: "GET",
                path: "/live/v1/products",
                protocol: "HTTP/1.1",
                requestTime: "07/Jan/2026:10:00:00 +0000",
                requestTimeEpoch: T0,
                resourcePath: "/v1/products",
                stage: "live",
            });
            expect(rc.requestId).to.match(/^[0-9a-f-]{36}$/);
            expect(rc.resourceId).to.match(/^[0-9a-f]{6}$/);
            expect(rc.extendedRequestId).to.be.a("string");
            expect(rc.domainName).to.equal(`127.0.0.1:${h.api.port}`);
            expect(Object.keys(rc.identity)).to.have.length(15);
            expect(rc.identity).to.include({ sourceIp: "127.0.0.1", userAgent: "tests/1.0", apiKeyId: "id-basic", accessKey: null, userArn: null });
            expect(context).to.include({
                functionName: "portcullis-test-catalogRead",
                functionVersion: "$LATEST",
                invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:portcullis-test-catalogRead",
                memoryLimitInMB: "512",
                logGroupName: "/aws/lambda/portcullis-test-catalogRead",
                callbackWaitsForEmptyEventLoop: true,
                remaining: 10000,
            });
            expect(context.awsRequestId).to.match(/^[0-9a-f-]{36}$/);
            expect(context.logStreamName).to.match(/^2026\/01\/07\/\[\$LATEST\][0-9a-f]{32}$/);
        });

        it("creates a trace id, or propagates the caller's, to the function and the response", async () => {
            const created = await h.call("/health");
            const header = created.headers.get("x-amzn-trace-id")!;
            expect(header).to.match(new RegExp(`^Root=1-${(T0 / 1000).toString(16)}-[0-9a-f]{24}$`));
            const { event, context } = created.json() as { event: APIGatewayProxyEvent; context: LocalLambdaContext };
            expect(event.headers["X-Amzn-Trace-Id"]).to.equal(header);
            expect(context.xRayTraceId).to.equal(header);
            const incoming = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
            const propagated = await h.call("/health", { headers: { "X-Amzn-Trace-Id": incoming } });
            expect(propagated.headers.get("x-amzn-trace-id")).to.equal(incoming);
        });

        it("writes one access-log line per request in the stage's format", async () => {
            await h.call("/v1/products", { key: "basic", token: "admin" });
            await h.call("/v1/nothing");
            expect(h.log).to.have.length(2);
            const [ok, missing] = h.log.map((l) => JSON.parse(l) as Record<string, string>);
            expect(ok).to.include({ status: "200", resourcePath: "/v1/products", apiKeyId: "id-basic", principalId: "user-admin" });
            expect(ok.xrayTraceId).to.match(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
            expect(Number(ok.responseLength)).to.be.greaterThan(0);
            expect(missing).to.include({ status: "403", resourcePath: "-", apiKeyId: "-", principalId: "-", responseLength: "42" });
        });
    });
});
