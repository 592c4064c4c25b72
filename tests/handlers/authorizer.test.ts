import { expect } from "chai";
import * as http from "http";
import { AddressInfo } from "net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { concreteMethodArn, evaluatePolicy, PolicyDocument } from "../../contract/access";
import { loadFunctionPackage } from "../../harness/packages";
import { METHOD_ARN_PREFIX } from "./support";

type Authorizer = (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

const POOL = "us-east-1_TestPool";
const CLIENT = "web-client";
const KID = "key-1";
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

describe("authorizer (serialized package, real RSA keys, JWKS served over HTTP)", () => {
    let server: http.Server;
    let issuer: string;
    let authorize: Authorizer;
    let env: Record<string, string>;
    let privateKey: PrivateKey;
    let otherKey: PrivateKey;
    let publicPem: string;
    let jwksRequests = 0;
    const now = () => Math.floor(Date.now() / 1000);

    before(async () => {
        const pair = await generateKeyPair("RS256", { extractable: true });
        privateKey = pair.privateKey;
        otherKey = (await generateKeyPair("RS256")).privateKey;
        const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "RS256", use: "sig" };
        const { createPublicKey } = await import("crypto");
        publicPem = createPublicKey({ key: jwk as never, format: "jwk" }).export({ type: "spki", format: "pem" }) as string;
        server = http.createServer((req, res) => {
            jwksRequests++;
            res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        // The issuer must end with the pool id, as Cognito's does; the JWKS comes from the local server.
        issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${POOL}`;
        env = { ISSUER: issuer, USER_POOL_ID: POOL, ALLOWED_CLIENT_IDS: `other-client, ${CLIENT}`, LOG_LEVEL: "SILENT" };
        authorize = await loadFunctionPackage<Authorizer>("authorizer", env);
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    /** Claims of a valid customer access token; each test changes one thing. */
    const claims = (over: Record<string, unknown> = {}) => ({
        sub: "user-1",
        token_use: "access",
        client_id: CLIENT,
        scope: "openid portcullis/catalog.read portcullis/orders.read other/thing",
        "cognito:groups": ["customer"],
        ...over,
    });
    const sign = (payload: Record<string, unknown>, opts: { key?: PrivateKey; kid?: string; iat?: number; exp?: number; nbf?: number; iss?: string } = {}) => {
        const jwt = new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: opts.kid ?? KID }).setIssuer(opts.iss ?? issuer).setIssuedAt(opts.iat ?? now()).setExpirationTime(opts.exp ?? now() + 3600);
        if (opts.nbf !== undefined) jwt.setNotBefore(opts.nbf);
        return jwt.sign(opts.key ?? privateKey);
    };
    const event = (authorization?: string): APIGatewayRequestAuthorizerEvent =>
        ({
            type: "REQUEST",
            methodArn: `${METHOD_ARN_PREFIX}/GET/v1/products`,
            headers: authorization === undefined ? {} : { Authorization: authorization },
            requestContext: { requestId: "r-1" },
        }) as unknown as APIGatewayRequestAuthorizerEvent;
    const decide = (policy: PolicyDocument, method: string, path: string) => evaluatePolicy(policy, concreteMethodArn(METHOD_ARN_PREFIX, method, path));
    const refused = async (authorization?: string) => {
        const err = await authorize(event(authorization)).then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err?.message, "expected Unauthorized").to.equal("Unauthorized");
    };
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

    it("accepts a valid access token: principal, string context and a policy of exactly its routes", async () => {
        const result = await authorize(event(`Bearer ${await sign(claims())}`));

        const policy = result.policyDocument as PolicyDocument;
        expect(result.principalId).to.equal("user-1");
        expect(result.context).to.deep.equal({ principal: "user-1", clientId: CLIENT, groups: "customer", scopes: "catalog.read orders.read" });
        expect(decide(policy, "GET", "/v1/products")).to.equal("allow");
        expect(decide(policy, "GET", "/v1/orders/o-1")).to.equal("allow");
        expect(decide(policy, "POST", "/v1/orders")).to.equal("explicitDeny");
        expect(decide(policy, "POST", "/v1/products")).to.equal("explicitDeny");
        expect(decide(policy, "GET", "/v1/reports/sales")).to.equal("explicitDeny");
    });

    it("gives an admin token the admin routes, and a token missing a scope a policy without that route (403)", async () => {
        const admin = await authorize(event(`Bearer ${await sign(claims({ "cognito:groups": ["admin"], scope: "portcullis/catalog.write portcullis/reports.read" }))}`));
        const noScope = await authorize(event(`Bearer ${await sign(claims({ "cognito:groups": ["admin"], scope: "portcullis/catalog.read" }))}`));
        expect(decide(admin.policyDocument as PolicyDocument, "DELETE", "/v1/products/p-1")).to.equal("allow");
        expect(decide(admin.policyDocument as PolicyDocument, "GET", "/v1/reports/sales")).to.equal("allow");
        expect(decide(noScope.policyDocument as PolicyDocument, "DELETE", "/v1/products/p-1")).to.equal("explicitDeny");
        expect(decide(noScope.policyDocument as PolicyDocument, "GET", "/v1/products")).to.equal("allow");
    });

    it("answers a repeated token from its per-container cache, per stage, and never caches a refusal", async () => {
        const token = `Bearer ${await sign(claims({ jti: "repeat-1" }))}`;
        const otherStage = { ...event(token), methodArn: `${METHOD_ARN_PREFIX.replace(/\/[^/]+$/, "/other")}/GET/v1/products` };

        const [first, again, elsewhere] = [await authorize(event(token)), await authorize(event(token)), await authorize(otherStage)];

        expect(again).to.equal(first);
        expect(elsewhere).to.not.equal(first);
        expect(JSON.stringify(elsewhere.policyDocument)).to.include("/other/GET/v1/products");
        const forged = `Bearer ${await sign(claims({ jti: "repeat-2" }), { key: otherKey })}`;
        await refused(forged);
        await refused(forged);
    });

    it("accepts expiry within the 5 s clock tolerance", async () => {
        const result = await authorize(event(`Bearer ${await sign(claims(), { iat: now() - 600, exp: now() - 2 })}`));
        expect(result.principalId).to.equal("user-1");
    });

    it("refuses an expired token", async () => refused(`Bearer ${await sign(claims(), { iat: now() - 600, exp: now() - 30 })}`));
    it("refuses a token not yet valid", async () => refused(`Bearer ${await sign(claims(), { nbf: now() + 60 })}`));
    it("refuses a wrong issuer", async () => refused(`Bearer ${await sign(claims(), { iss: `${issuer}-other` })}`));
    it("refuses an unknown client", async () => refused(`Bearer ${await sign(claims({ client_id: "stranger" }))}`));
    it("refuses an id token", async () => refused(`Bearer ${await sign(claims({ token_use: "id", aud: CLIENT }))}`));
    it("refuses alg none", async () => {
        const token = `${b64({ alg: "none", kid: KID })}.${b64({ ...claims(), iss: issuer, iat: now(), exp: now() + 3600 })}.`;
        await refused(`Bearer ${token}`);
    });
    it("refuses HS256 signed with the public key", async () => {
        const secret = new TextEncoder().encode(publicPem);
        const token = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: KID }).setIssuer(issuer).setIssuedAt().setExpirationTime("1h").sign(secret);
        await refused(`Bearer ${token}`);
    });
    it("refuses an unknown kid", async () => refused(`Bearer ${await sign(claims(), { kid: "key-2", key: otherKey })}`));
    it("refuses a token signed by another key under the known kid", async () => refused(`Bearer ${await sign(claims(), { key: otherKey })}`));
    it("refuses a tampered payload", async () => {
        const [h, , s] = (await sign(claims())).split(".");
        await refused(`Bearer ${h}.${b64({ ...claims({ "cognito:groups": ["admin"] }), iss: issuer, iat: now(), exp: now() + 3600 })}.${s}`);
    });
    it("refuses garbage, a non-Bearer scheme and a missing header", async () => {
        await refused("Bearer not.a.jwt");
        await refused("Bearer abc");
        await refused(`Basic ${Buffer.from("a:b").toString("base64")}`);
        await refused(undefined);
    });

    it("fetched the key set once for all of the above (one per container), despite unknown kids", () => {
        // jose refetches for an unknown kid at most once per cooldown (30 s), so two fetches at the very most.
        expect(jwksRequests).to.be.within(1, 2);
    });

    it("logs only the refusal reason, never the token", async () => {
        const lines: string[] = [];
        const verbose = await loadFunctionPackage<Authorizer>("authorizer", { ...env, LOG_LEVEL: "INFO" });
        const write = process.stdout.write;
        const token = await sign(claims(), { iat: now() - 600, exp: now() - 30 });
        process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
        try {
            await verbose(event(`Bearer ${token}`)).catch(() => undefined);
        } finally {
            process.stdout.write = write;
        }
        expect(lines.length).to.equal(1);
        expect(JSON.parse(lines[0])).to.include({ level: "INFO", message: "token refused", reason: "Expired" });
        expect(lines[0]).to.not.include(token.split(".")[1]);
        expect(lines[0]).to.not.include("user-1");
    });

    it("honours Lambda's log-level control over LOG_LEVEL: at ERROR, a refusal (INFO) is not written", async () => {
        const lines: string[] = [];
        const quiet = await loadFunctionPackage<Authorizer>("authorizer", { ...env, LOG_LEVEL: "INFO", AWS_LAMBDA_LOG_LEVEL: "ERROR" });
        const write = process.stdout.write;
        process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
        try {
            await quiet(event(`Bearer ${await sign(claims(), { iat: now() - 600, exp: now() - 30 })}`)).catch(() => undefined);
        } finally {
            process.stdout.write = write;
        }
        expect(lines).to.deep.equal([]);
    });
});
