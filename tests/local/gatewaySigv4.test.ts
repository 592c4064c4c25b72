import { SignatureV4 } from "@smithy/signature-v4";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { expect } from "chai";
import { createHash } from "crypto";
import type { StackConfig } from "../../config/schema";
import { startGateway, type RunningGateway } from "../../local/gateway";
import { Sha256 } from "../../local/gateway/sha256";

const T0 = Date.UTC(2026, 0, 7, 10, 0, 0);
const CREDENTIALS = { accessKeyId: "AKIALOCALSTOCK000001", secretAccessKey: "local-secret-for-stock-updates" };
const BODY = JSON.stringify({ updates: [{ productId: "p1", delta: 5 }] });

const gateway: StackConfig["gateway"] = {
    stageName: "live",
    throttle: { rateLimit: 1000, burstLimit: 1000 },
    endpointThrottles: [],
    tiers: {
        basic: { throttle: { rateLimit: 1, burstLimit: 1 }, quota: { limit: 1, period: "DAY" }, methodThrottles: [] },
        premium: { throttle: { rateLimit: 1, burstLimit: 1 }, quota: { limit: 1, period: "DAY" }, methodThrottles: [] },
        enterprise: { throttle: { rateLimit: 1, burstLimit: 1 }, quota: { limit: 1, period: "DAY" }, methodThrottles: [] },
    },
    apiClients: [],
    corsOrigins: [],
    authorizerCacheTtlSeconds: 300,
    integrationTimeoutMs: 1000,
    manageAccountCloudWatchRole: false,
};

describe("local gateway: AWS_IAM routes (SigV4)", () => {
    let api: RunningGateway;
    let calls: APIGatewayProxyEvent[];

    before(async () => {
        calls = [];
        api = await startGateway({
            config: { region: "eu-west-1", prefix: "portcullis-test", gateway, lambda: { memoryMb: 256, logLevel: "INFO", timeoutSeconds: 5, reservedConcurrency: {}, accountConcurrencyLimit: 1000 } },
            apiKeys: [],
            credentials: { [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey },
            now: () => T0,
            invoke: async (_fn, event) => {
                calls.push(event as APIGatewayProxyEvent);
                return { statusCode: 200, body: "{}" };
            },
        });
    });
    after(() => api.close());
    beforeEach(() => {
        calls = [];
    });

    /** Where a caller signs for and sends to: the stage's own endpoint (documented), or the distribution's URL. */
    const target = (to: "regional" | "public") => {
        const url = new URL(to === "regional" ? api.regionalUrl : api.url);
        return { host: url.host, port: Number(url.port), base: to === "regional" ? api.regionalUrl : api.url, path: `${url.pathname.replace(/\/+$/, "")}/v1/internal/stock` };
    };

    /** Signs like any AWS SDK client would, then optionally tampers with the request before sending it. */
    async function signed(options: { secret?: string; at?: number; body?: string; sendBody?: string; query?: Record<string, string>; region?: string; to?: "regional" | "public" } = {}) {
        const to = target(options.to ?? "regional");
        const signer = new SignatureV4({
            credentials: { ...CREDENTIALS, secretAccessKey: options.secret ?? CREDENTIALS.secretAccessKey },
            region: options.region ?? "eu-west-1",
            service: "execute-api",
            sha256: Sha256,
        });
        const request = await signer.sign(
            {
                method: "POST",
                protocol: "http:",
                hostname: "127.0.0.1",
                port: to.port,
                path: to.path,
                query: options.query ?? {},
                headers: { host: to.host, "content-type": "application/json" },
                body: options.body ?? BODY,
            },
            { signingDate: new Date(options.at ?? T0) },
        );
        const { host: _host, ...headers } = request.headers;
        const search = new URLSearchParams(options.query ?? {}).toString();
        return send(headers, options.sendBody ?? options.body ?? BODY, search, options.to ?? "regional");
    }

    async function send(headers: Record<string, string>, body: string, search = "", to: "regional" | "public" = "regional") {
        const res = await fetch(`${target(to).base}/v1/internal/stock${search ? `?${search}` : ""}`, { method: "POST", headers, body });
        return { status: res.status, body: await res.text(), errorType: res.headers.get("x-amzn-errortype") };
    }

    it("accepts a valid signature and passes the caller in requestContext.identity", async () => {
        const res = await signed({ query: { dryRun: "true", note: "a b" } });
        expect(res.status).to.equal(200);
        expect(calls[0].requestContext.identity).to.include({
            accessKey: CREDENTIALS.accessKeyId,
            accountId: "123456789012",
            caller: CREDENTIALS.accessKeyId,
            user: CREDENTIALS.accessKeyId,
            userArn: `arn:aws:iam::123456789012:user/${CREDENTIALS.accessKeyId}`,
        });
    });

    it("answers 403 Missing Authentication Token without a signature through the distribution", async () => {
        const res = await send({ "content-type": "application/json" }, BODY, "", "public");
        expect([res.status, res.body]).to.deep.equal([403, '{"message":"Missing Authentication Token"}']);
        expect(calls).to.have.length(0);
    });

    it("answers 403 with AWS's mismatch message for a wrong secret or a tampered body", async () => {
        for (const res of [await signed({ secret: "wrong" }), await signed({ sendBody: BODY.replace("5", "500") })]) {
            expect(res.status).to.equal(403);
            expect(res.errorType).to.equal("InvalidSignatureException");
            const message = (JSON.parse(res.body) as { message: string }).message;
            expect(message).to.match(
                /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'POST\n\/live\/v1\/internal\/stock\n/,
            );
            expect(message).to.contain("\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20260107T100000Z\n20260107/eu-west-1/execute-api/aws4_request\n");
        }
        expect(calls).to.have.length(0);
    });

    it("answers 403 Signature expired for a signature older than five minutes", async () => {
        const res = await signed({ at: T0 - 6 * 60 * 1000 });
        expect(res.status).to.equal(403);
        expect(res.body).to.equal('{"message":"Signature expired: 20260107T095400Z is now earlier than 20260107T095500Z (20260107T100000Z - 5 min.)"}');
    });

    it("answers 403 for an unknown access key", async () => {
        const signer = new SignatureV4({ credentials: { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" }, region: "eu-west-1", service: "execute-api", sha256: Sha256 });
        const to = target("regional");
        const request = await signer.sign(
            { method: "POST", protocol: "http:", hostname: "127.0.0.1", path: to.path, query: {}, headers: { host: to.host }, body: BODY },
            { signingDate: new Date(T0) },
        );
        const { host: _host, ...headers } = request.headers;
        const res = await send(headers, BODY);
        expect([res.status, res.body]).to.deep.equal([403, '{"message":"The security token included in the request is invalid."}']);
    });

    it("answers 403 IncompleteSignature for a bearer token through the distribution, or a credential scoped to another region", async () => {
        const bearer = await send({ Authorization: "Bearer abc" }, BODY, "", "public");
        const digest = createHash("sha256").update("Bearer abc").digest("base64");
        expect(bearer.body).to.equal(
            JSON.stringify({ message: `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${digest}'.` }),
        );
        expect(bearer.errorType).to.equal("IncompleteSignatureException");
        const region = await signed({ region: "us-east-1" });
        expect([region.status, region.body]).to.deep.equal([403, '{"message":"Credential should be scoped to a valid region. "}']);
    });

    it("refuses a signature made for the distribution's host and path: API Gateway checks the host and path it receives", async () => {
        const res = await signed({ to: "public" });
        expect(res.status).to.equal(403);
        expect(res.errorType).to.equal("InvalidSignatureException");
        const canonical = (JSON.parse(res.body) as { message: string }).message.split("should have been\n'")[1];
        // What CloudFront forwards: the origin's host and the origin path (the stage) before the viewer's path.
        expect(canonical).to.match(new RegExp(`^POST\n/live/v1/internal/stock\n\ncontent-type:application/json\nhost:${target("regional").host}\n`));
        expect(calls).to.have.length(0);
    });

    it("regional endpoint: the web ACL's rules admit only signed calls to the internal route, or the origin-verify value", async () => {
        const post = (path: string, headers: Record<string, string>) => fetch(`${api.regionalUrl}${path}`, { method: "POST", headers, body: BODY });
        const forbidden = [403, '{"message":"Forbidden"}'];
        const answer = async (res: Response) => [res.status, await res.text()];
        // No signature, a bearer token, or a signature-looking header on another route: WAF's own 403.
        expect(await answer(await post("/v1/internal/stock", { "content-type": "application/json" }))).to.deep.equal(forbidden);
        expect(await answer(await post("/v1/internal/stock", { Authorization: "Bearer abc" }))).to.deep.equal(forbidden);
        expect(await answer(await post("/v1/orders", { Authorization: "AWS4-HMAC-SHA256 Credential=x" }))).to.deep.equal(forbidden);
        expect(await answer(await fetch(`${api.regionalUrl}/health`))).to.deep.equal(forbidden);
        expect(calls).to.have.length(0);
        // The value only the distribution knows gets through to the stage, as CloudFront's requests do.
        const health = await fetch(`${api.regionalUrl}/health`, { headers: { "X-Origin-Verify": api.originVerify } });
        expect(health.status).to.equal(200);
        expect(calls.map((c) => c.path)).to.deep.equal(["/health"]);
        // A signature-looking header on the internal route passes WAF; API Gateway then checks the signature.
        const forged = await post("/v1/internal/stock", { Authorization: "AWS4-HMAC-SHA256 Credential=AKIALOCALSTOCK000001/20260107/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=00" });
        expect(forged.status).to.equal(403);
        expect(forged.headers.get("x-amzn-errortype")).to.equal("IncompleteSignatureException");
    });

    it("validates the body of a well-signed request", async () => {
        const res = await signed({ body: '{"updates":[]}' });
        expect([res.status, JSON.parse(res.body)]).to.deep.equal([400, { message: "Invalid request body", validation: "[array is too short: must have at least 1 elements but instance has 0 elements]" }]);
    });
});
