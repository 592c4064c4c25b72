import { expect } from "chai";
import { parseAuthorizerResult } from "../../local/gateway/authorizerResult";
import { accessLogLine } from "../../local/gateway/accessLog";
import { gatewayErrors } from "../../local/gateway/errors";
import { parseProxyResult } from "../../local/gateway/proxyResult";
import { clfTime } from "../../local/gateway/proxyEvent";
import { periodStart, QuotaCounter } from "../../local/gateway/quota";
import { renderGatewayBody } from "../../local/gateway/responses";
import { matchRoute } from "../../local/gateway/router";
import { TokenBucket } from "../../local/gateway/tokenBucket";
import { traceHeader, traceId } from "../../local/gateway/trace";

const T0 = Date.UTC(2026, 0, 7, 10, 0, 0); // a Wednesday

describe("local gateway: token bucket", () => {
    it("spends the burst, then refills at the rate", () => {
        const bucket = new TokenBucket({ rateLimit: 5, burstLimit: 10 }, T0);
        const first = Array.from({ length: 11 }, () => bucket.take(T0));
        expect(first.filter(Boolean)).to.have.length(10);
        expect(first[10]).to.equal(false);
        expect(bucket.take(T0 + 199)).to.equal(false);
        expect(bucket.take(T0 + 200)).to.equal(true);
        expect(bucket.take(T0 + 200)).to.equal(false);
    });

    it("never holds more than the burst", () => {
        const bucket = new TokenBucket({ rateLimit: 100, burstLimit: 2 }, T0);
        const later = T0 + 60_000;
        expect([bucket.take(later), bucket.take(later), bucket.take(later)]).to.deep.equal([true, true, false]);
    });

    it("adds up partial refills and lets a request through exactly on time", () => {
        const bucket = new TokenBucket({ rateLimit: 10, burstLimit: 1 }, T0);
        expect(bucket.take(T0)).to.equal(true);
        expect([bucket.take(T0 + 30), bucket.take(T0 + 60), bucket.take(T0 + 100)]).to.deep.equal([false, false, true]);
    });
});

describe("local gateway: quota periods (UTC)", () => {
    it("starts a DAY at midnight UTC", () => {
        expect(periodStart("DAY", Date.UTC(2026, 0, 7, 23, 59, 59))).to.equal(Date.UTC(2026, 0, 7));
    });

    it("starts a WEEK on Sunday, or Monday with offset 1", () => {
        expect(periodStart("WEEK", T0)).to.equal(Date.UTC(2026, 0, 4));
        expect(periodStart("WEEK", T0, 1)).to.equal(Date.UTC(2026, 0, 5));
        expect(periodStart("WEEK", Date.UTC(2026, 0, 4, 0, 0, 0))).to.equal(Date.UTC(2026, 0, 4));
    });

    it("starts a MONTH on the first", () => {
        expect(periodStart("MONTH", Date.UTC(2026, 1, 28, 23))).to.equal(Date.UTC(2026, 1, 1));
    });

    it("counts per key and starts again in the next period", () => {
        const quota = new QuotaCounter();
        const limit = { limit: 2, period: "DAY" as const };
        expect([quota.consume("k", limit, T0), quota.consume("k", limit, T0), quota.consume("k", limit, T0)]).to.deep.equal([true, true, false]);
        expect(quota.consume("other", limit, T0)).to.equal(true);
        expect(quota.consume("k", limit, Date.UTC(2026, 0, 8))).to.equal(true);
        expect(quota.remaining("k", limit, Date.UTC(2026, 0, 8))).to.equal(1);
    });
});

describe("local gateway: router", () => {
    it("matches path parameters and decodes them", () => {
        const match = matchRoute("GET", "/v1/products/a%2Db", false);
        expect(match).to.deep.include({ kind: "route", pathParameters: { productId: "a-b" } });
    });

    it("prefers literal segments over parameters", () => {
        const match = matchRoute("GET", "/v1/orders/o1/receipt", false);
        expect(match?.kind === "route" && match.route.operationId).to.equal("getOrderReceipt");
    });

    it("has nothing for unknown paths and methods, and OPTIONS only with CORS", () => {
        expect(matchRoute("GET", "/v1/nope", false)).to.equal(undefined);
        expect(matchRoute("PATCH", "/v1/products", false)).to.equal(undefined);
        expect(matchRoute("OPTIONS", "/v1/products", false)).to.equal(undefined);
        expect(matchRoute("OPTIONS", "/v1/products/p1", true)).to.deep.equal({ kind: "preflight", resourcePath: "/v1/products/{productId}" });
    });
});

describe("local gateway: proxy result", () => {
    it("accepts the proxy format and merges multi-value headers", () => {
        const parsed = parseProxyResult({ statusCode: 201, headers: { A: "1", N: 2 }, multiValueHeaders: { "Set-Cookie": ["a=1", "b=2"] }, body: "x" });
        expect(parsed?.status).to.equal(201);
        expect(parsed?.headers).to.deep.equal({ A: ["1"], N: ["2"], "Set-Cookie": ["a=1", "b=2"] });
        expect(parsed?.body.toString()).to.equal("x");
    });

    for (const [name, result] of [
        ["not an object", "ok"],
        ["no statusCode", { body: "x" }],
        ["a statusCode that is no status", { statusCode: 99 }],
        ["a non-string body", { statusCode: 200, body: { a: 1 } }],
        ["an object header value", { statusCode: 200, headers: { a: { b: 1 } } }],
        ["a key outside the format", { statusCode: 200, body: "x", extra: true }],
    ] as const) {
        it(`rejects ${name}`, () => expect(parseProxyResult(result)).to.equal(undefined));
    }
});

describe("local gateway: authorizer result", () => {
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: ["*"] }] };

    it("stringifies context values", () => {
        const parsed = parseAuthorizerResult({ principalId: "u1", policyDocument: policy, context: { n: 1, b: true, s: "x" } });
        expect(parsed?.context).to.deep.equal({ n: "1", b: "true", s: "x" });
    });

    it("rejects a missing principal, a bad statement and an object in the context", () => {
        expect(parseAuthorizerResult({ policyDocument: policy })).to.equal(undefined);
        expect(parseAuthorizerResult({ principalId: "u", policyDocument: { Statement: [{ Effect: "Maybe", Action: "x", Resource: "*" }] } })).to.equal(undefined);
        expect(parseAuthorizerResult({ principalId: "u", policyDocument: policy, context: { a: { b: 1 } } })).to.equal(undefined);
    });
});

describe("local gateway: gateway response bodies", () => {
    it("renders the contract's gateway response templates", () => {
        expect(renderGatewayBody(gatewayErrors.forbidden())).to.equal('{"message":"Forbidden"}');
        expect(renderGatewayBody(gatewayErrors.explicitDeny())).to.equal(
            '{"Message":"User is not authorized to access this resource with an explicit deny"}',
        );
        expect(renderGatewayBody(gatewayErrors.authorizerConfiguration())).to.equal('{"message":null}');
        expect(renderGatewayBody(gatewayErrors.missingParameters(["from", "to"]))).to.equal(
            '{"message":"Missing required request parameters: [from, to]"}',
        );
    });

    it("keeps API Gateway's capitalised Message on both authorizer-policy denials, as the contract's template does", () => {
        expect(renderGatewayBody(gatewayErrors.implicitDeny())).to.equal('{"Message":"User is not authorized to access this resource"}');
    });
});

describe("local gateway: trace, time and access log", () => {
    it("keeps a valid incoming trace header and creates one otherwise", () => {
        const incoming = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
        expect(traceHeader(incoming, T0)).to.equal(incoming);
        expect(traceHeader("garbage", T0)).to.match(new RegExp(`^Root=1-${Math.floor(T0 / 1000).toString(16)}-[0-9a-f]{24}$`));
        expect(traceId(incoming)).to.equal("1-5759e988-bd862e3fe1be46a994272793");
    });

    it("formats requestTime as API Gateway does", () => {
        expect(clfTime(Date.UTC(2015, 3, 9, 12, 34, 56))).to.equal("09/Apr/2015:12:34:56 +0000");
    });

    it("writes every format field as a string, '-' for what is unknown", () => {
        const format = { requestId: "$context.requestId", status: "$context.status", apiKeyId: "$context.identity.apiKeyId" };
        const line = JSON.parse(accessLogLine(format, { "$context.requestId": "r1", "$context.status": 200 }));
        expect(line).to.deep.equal({ requestId: "r1", status: "200", apiKeyId: "-" });
    });
});
