import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SignatureV4 } from "@smithy/signature-v4";
import { expect } from "chai";
import { execFile } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { readStackFile } from "../../config/stackFile";
import { ROUTE_FUNCTIONS } from "../../contract";
import { howTo, startLocal, type LocalApp } from "../../local/app";
import { LOCAL_RUNTIME_VARIABLES, URL_VARIABLES } from "../../local/environment";
import { evaluateStack, type CapturedResource } from "../../harness/evaluate";
import { Sha256 } from "../../local/gateway/sha256";

/** The dev stack's gateway section with the premium plan's quota cut to 3 a day: the real quota code, reached fast. */
const QUOTA = 3;
const gatewaySection = readStackFile("dev")["portcullis:gateway"] as { tiers: Record<string, { quota: { limit: number } }> };
const CONFIG_OVERRIDES = {
    "portcullis:gateway": { ...gatewaySection, tiers: { ...gatewaySection.tiers, premium: { ...gatewaySection.tiers.premium, quota: { limit: QUOTA, period: "DAY" } } } },
};
/** The dev stack program with the same overrides, as `startLocal` evaluates it (memoized: the same evaluation). */
const devStack = () => evaluateStack("dev", { "portcullis:gateway": JSON.stringify(CONFIG_OVERRIDES["portcullis:gateway"]) });
const DUMMY_CREDENTIALS = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local" };
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reply {
    status: number;
    headers: Headers;
    text: string;
    json: any;
}

describe("npm start: the whole API on localhost, end to end", function () {
    // Start-up evaluates the dev stack and bundles every function (cached on disk after the first run); a machine shared
    // by several test runs has taken over 50 s for it.
    this.timeout(180_000);
    const persistDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-app-persist-"));
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-app-out-"));
    let app: LocalApp;
    const tokens: Record<string, string> = {};
    /** What the route tests created, for the persistence test. */
    const created: { productId?: string; orderId?: string } = {};

    const start = () => startLocal({ port: 0, persistDir, outDir, configOverrides: CONFIG_OVERRIDES });
    const key = (tier: string) => Object.values(app.endpoints.apiKeys).find((k) => k.tier === tier)!.value;

    async function signIn(username: string): Promise<string> {
        const e = app.endpoints;
        const user = e.users.find((u) => u.username === username)!;
        const cognito = new CognitoIdentityProviderClient({ region: e.region, endpoint: e.cognitoEndpoint, credentials: DUMMY_CREDENTIALS });
        const out = await cognito.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: e.clients.cli!.clientId, AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }));
        return out.AuthenticationResult!.AccessToken!;
    }

    async function call(method: string, route: string, options: { token?: string; apiKey?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
        const headers: Record<string, string> = { ...options.headers };
        if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
        if (options.apiKey !== null) headers["x-api-key"] = options.apiKey ?? key("enterprise");
        if (options.body !== undefined) headers["Content-Type"] = "application/json";
        const res = await fetch(`${app.endpoints.apiUrl}${route}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
        const text = await res.text();
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch {
            json = undefined;
        }
        return { status: res.status, headers: res.headers, text, json };
    }

    before(async () => {
        app = await start();
        tokens.admin = await signIn("admin");
        tokens.customer = await signIn("customer");
        const res = await fetch(app.endpoints.tokenEndpoint, {
            method: "POST",
            headers: { Authorization: `Basic ${Buffer.from(`${app.endpoints.clients.service.clientId}:${app.endpoints.clients.service.clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
            body: "grant_type=client_credentials",
        });
        tokens.service = ((await res.json()) as { access_token: string }).access_token;
    });
    after(async () => {
        await app?.stop();
        fs.rmSync(persistDir, { recursive: true, force: true });
        fs.rmSync(outDir, { recursive: true, force: true });
    });

    describe("start-up", () => {
        it("refuses a second start on the same directories before writing anything, naming the running one's port", async () => {
            const endpoints = fs.readFileSync(path.join(outDir, "endpoints.json"), "utf8");
            const portal = fs.statSync(path.join(outDir, "portal", "index.html")).mtimeMs;
            const started = Date.now();
            const second = await start().then(() => "started", (err: Error) => err.message);
            expect(second).to.equal(`npm start is already running with ${outDir} (pid ${process.pid}, on port ${app.gateway.port} (http://127.0.0.1:${app.gateway.port}/)): use that one, or stop it with Ctrl-C first`);
            expect(Date.now() - started).to.be.below(2000);
            expect(fs.readFileSync(path.join(outDir, "endpoints.json"), "utf8")).to.equal(endpoints);
            expect(fs.statSync(path.join(outDir, "portal", "index.html")).mtimeMs).to.equal(portal);
        });

        it("writes endpoints.json with the API, the issuer, clients, a key per tier, demo users and the seeded data", async () => {
            const written = JSON.parse(fs.readFileSync(path.join(outDir, "endpoints.json"), "utf8"));
            expect(written).to.deep.equal(JSON.parse(JSON.stringify(app.endpoints)));
            expect(written.apiUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(written.docsUrl).to.equal(`${written.apiUrl}/docs/`);
            const authorizer = (await devStack()).one("aws:lambda/function:Function", "-authorizer-fn").inputs.environment.variables;
            expect([written.userPoolId, written.issuer]).to.deep.equal([authorizer.USER_POOL_ID, `${written.cognitoEndpoint}/${authorizer.USER_POOL_ID}`]);
            expect([written.clients.web.clientId, written.clients.service.clientId, written.clients.cli.clientId].join(",")).to.equal(authorizer.ALLOWED_CLIENT_IDS);
            expect(written.clients.web.callbackUrl).to.equal(`${written.apiUrl}/docs/callback.html`);
            expect(written.authorizationEndpoint).to.equal(`${written.cognitoEndpoint}/oauth2/authorize`);
            expect(Object.values(written.apiKeys).map((k: any) => k.tier)).to.deep.equal(["basic", "premium", "enterprise"]);
            expect(written.users.map((u: any) => [u.username, u.groups])).to.deep.equal([["admin", ["admin"]], ["customer", ["customer"]]]);
            expect(written.demo.productIds).to.have.length(3);
            expect(written.demo.orderId).to.match(/^[0-9a-f-]{36}$/);
        });

        it("seeds demo products and orders through the API (admin writes, customer orders)", async () => {
            const products = await call("GET", "/v1/products", { token: tokens.customer });
            expect(products.json.items.map((p: any) => p.name).sort()).to.deep.equal(["Desk lamp", "Enamel mug", "Oak chair"]);
            const orders = await call("GET", "/v1/orders", { token: tokens.customer });
            expect(orders.json.items).to.have.length(2);
            expect(orders.json.items.map((o: any) => o.status)).to.deep.equal(["CONFIRMED", "CONFIRMED"]);
        });

        it("states that every printed step runs unchanged against a deployed stack, naming where its values come from", () => {
            expect(howTo(app.endpoints)).to.include(
                "Each step below runs unchanged against a deployed stack, with its values: the URLs and client ids of `pulumi stack output`\n(apiUrl, cliClientId, serviceClientId, hostedUiDomain)",
            );
        });

        it("prints curl commands that work exactly as printed", async () => {
            // Prepare: the printed how-to, split into its commands; each is followed by a marker to split the output.
            const steps = howTo(app.endpoints)
                .split("\n\n")
                .map((block) => block.split("\n").filter((l) => l.startsWith("  ") && !l.startsWith("  #")).map((l) => l.slice(2)))
                .filter((lines) => lines.length > 0);
            const script = steps.map((lines) => `${lines.join("\n")}\necho @@@`).join("\n");
            // Act: one bash runs them in order, as a reader pasting them would.
            const { stdout } = await promisify(execFile)("bash", ["-c", script], { timeout: 20_000 });
            const outputs = stdout.split("@@@\n").map((s) => s.trim());
            // Assess
            expect(steps).to.have.length(6);
            expect(JSON.parse(outputs[0])).to.deep.equal({ status: "ok", version: "1.0.0" });
            expect(outputs[1]).to.equal("");
            expect(JSON.parse(outputs[2]).items).to.have.length.of.at.least(3);
            expect(JSON.parse(outputs[3])).to.include({ status: "CONFIRMED", currency: "EUR" });
            expect(JSON.parse(outputs[3]).lines.map((l: any) => [l.productId, l.quantity])).to.deep.equal([[app.endpoints.demo.productIds[0], 1]]);
            expect(JSON.parse(outputs[4]).receipt.orderId).to.equal(app.endpoints.demo.orderId);
            expect(JSON.parse(outputs[5])).to.include({ token_type: "Bearer", expires_in: 3600 });
        });
    });

    describe("what the dev stack deploys", () => {
        const deployed = async () => {
            const stack = await devStack();
            const byName = new Map(stack.ofType("aws:lambda/function:Function").map((r) => [r.inputs.name as string, r]));
            return { stack, resource: (functionName: string) => byName.get(functionName) as CapturedResource };
        };
        const without = (env: Record<string, string>, names: readonly string[]) => Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));

        it("runs every function with exactly the dev stack's variables and the runtime's, each value the program's but URLs", async () => {
            // Prepare
            const { resource } = await deployed();
            // Act
            const loaded = Object.values(app.functions).map((fn) => ({ fn, program: resource(fn.functionName).inputs.environment.variables as Record<string, string> }));
            // Assess
            expect(loaded.map(({ fn }) => fn.name).sort()).to.deep.equal([...ROUTE_FUNCTIONS, "authorizer", "migrate"].sort());
            for (const { fn, program } of loaded) {
                expect(Object.keys(fn.environment).sort(), fn.name).to.deep.equal([...Object.keys(program), ...LOCAL_RUNTIME_VARIABLES].sort());
                expect(without(fn.environment, [...URL_VARIABLES, ...LOCAL_RUNTIME_VARIABLES]), fn.name).to.deep.equal(without(program, URL_VARIABLES));
            }
            const { authorizer, orderReceipt, createOrder } = app.functions;
            expect([authorizer!.environment.ISSUER, orderReceipt!.environment.RECEIPTS_BASE_URL]).to.deep.equal([app.endpoints.issuer, app.endpoints.apiUrl]);
            expect(createOrder!.environment).to.include({
                AWS_ENDPOINT_URL_DYNAMODB: app.endpoints.stores.dynamodb,
                AWS_ENDPOINT_URL_S3: app.endpoints.stores.s3,
                AWS_ENDPOINT_URL_RDS_DATA: app.endpoints.stores.rdsData,
                AWS_ENDPOINT_URL_SECRETS_MANAGER: app.endpoints.stores.secretsManager,
                AWS_REGION: "eu-west-1",
                S3_FORCE_PATH_STYLE: "true",
            });
        });

        it("runs each function's code byte for byte as the dev stack would upload it: its bundle and source map, nothing else", async () => {
            // Prepare
            const { stack, resource } = await deployed();
            for (const fn of Object.values(app.functions)) {
                // Act
                const code = await stack.functionCode(resource(fn.functionName));
                // Assess: the package directory holds exactly the uploaded files, each with the uploaded text.
                expect(Object.keys(code).sort(), fn.name).to.deep.equal(["index.js", "index.js.map"]);
                expect(fs.readdirSync(fn.pkg.dir).sort(), fn.name).to.deep.equal(Object.keys(code).sort());
                for (const [file, text] of Object.entries(code)) {
                    expect(sha256(fs.readFileSync(path.join(fn.pkg.dir, file))), `${fn.name}: ${file}`).to.equal(sha256(Buffer.from(text, "utf8")));
                }
            }
        });

        it("writes the functions' logs to functions.log, as Lambda ships their stdout to their log groups", async () => {
            // Prepare
            const logFile = path.join(outDir, "functions.log");
            const before = fs.readFileSync(logFile, "utf8").length;
            const written = () => fs.readFileSync(logFile, "utf8").slice(before).trim().split("\n").filter((l) => l !== "");
            // Act
            await call("GET", "/health", { apiKey: null });
            for (let i = 0; i < 40 && written().length === 0; i++) await sleep(25); // the stream writes asynchronously
            await sleep(25);
            // Assess: its request record, and nothing from any other function. (Whether its metrics record follows
            // depends on POWERTOOLS_METRICS_DISABLED, which the function reads from the shared process at each flush.)
            const lines = written().map((l) => JSON.parse(l));
            const service = app.functions.health!.environment.POWERTOOLS_SERVICE_NAME;
            expect(lines.filter((l) => l.message !== undefined).map((l) => [l.service, l.level, l.message, l.operation, l.status])).to.deep.equal([[service, "INFO", "request", "getHealth", 200]]);
            expect(lines.filter((l) => l.service !== service)).to.deep.equal([]);
        });
    });

    describe("every route, through tokens from the local identity provider", () => {
        it("GET /health: 200 without key or token; an unknown method is 403 Missing Authentication Token", async () => {
            expect((await call("GET", "/health", { apiKey: null })).json).to.deep.equal({ status: "ok", version: "1.0.0" });
            const wrong = await call("POST", "/health", { apiKey: null });
            expect([wrong.status, wrong.text]).to.deep.equal([403, '{"message":"Missing Authentication Token"}']);
        });

        it("GET /v1/products: 200 for the service client's token; no API key is 403 Forbidden", async () => {
            const ok = await call("GET", "/v1/products?limit=2", { token: tokens.service });
            expect([ok.status, ok.json.items.length, typeof ok.json.nextCursor]).to.deep.equal([200, 2, "string"]);
            const noKey = await call("GET", "/v1/products", { token: tokens.service, apiKey: null });
            expect([noKey.status, noKey.text]).to.deep.equal([403, '{"message":"Forbidden"}']);
        });

        it("POST /v1/products: 201 for the admin; a customer gets the explicit deny", async () => {
            const product = { name: "Persisted pen", priceCents: 250, currency: "EUR", stock: 40 };
            const ok = await call("POST", "/v1/products", { token: tokens.admin, body: product });
            expect(ok.status).to.equal(201);
            expect(ok.json).to.include({ ...product, version: 1 });
            expect(ok.headers.get("location")).to.equal(`/v1/products/${ok.json.productId}`);
            created.productId = ok.json.productId;
            const denied = await call("POST", "/v1/products", { token: tokens.customer, body: product });
            expect([denied.status, denied.text]).to.deep.equal([403, '{"Message":"User is not authorized to access this resource with an explicit deny"}']);
        });

        it("GET /v1/products/{id}: 200 with its ETag; an unknown id is 404 NotFound", async () => {
            const ok = await call("GET", `/v1/products/${app.endpoints.demo.productIds[0]}`, { token: tokens.customer });
            expect(ok.status).to.equal(200);
            expect(ok.headers.get("etag")).to.equal(`"${ok.json.version}"`);
            const missing = await call("GET", "/v1/products/no-such-product", { token: tokens.customer });
            expect([missing.status, missing.json.error.code]).to.deep.equal([404, "NotFound"]);
        });

        it("PUT /v1/products/{id}: 200 at the current version; a stale If-Match is 412", async () => {
            const id = app.endpoints.demo.productIds[2];
            const current = await call("GET", `/v1/products/${id}`, { token: tokens.admin });
            const body = { name: current.json.name, priceCents: 19900, currency: "EUR", stock: current.json.stock };
            const ok = await call("PUT", `/v1/products/${id}`, { token: tokens.admin, body, headers: { "If-Match": current.headers.get("etag")! } });
            expect([ok.status, ok.json.priceCents, ok.json.version]).to.deep.equal([200, 19900, current.json.version + 1]);
            const stale = await call("PUT", `/v1/products/${id}`, { token: tokens.admin, body, headers: { "If-Match": current.headers.get("etag")! } });
            expect(stale.status).to.equal(412);
        });

        it("DELETE /v1/products/{id}: 204, then 404", async () => {
            const made = await call("POST", "/v1/products", { token: tokens.admin, body: { name: "Short-lived", priceCents: 100, currency: "EUR", stock: 1 } });
            expect((await call("DELETE", `/v1/products/${made.json.productId}`, { token: tokens.admin })).status).to.equal(204);
            expect((await call("DELETE", `/v1/products/${made.json.productId}`, { token: tokens.admin })).status).to.equal(404);
        });

        it("POST /v1/products/{id}/image-upload: 201 with a presigned PUT; a bad body is 400 Invalid request body", async () => {
            const route = `/v1/products/${app.endpoints.demo.productIds[0]}/image-upload`;
            const ok = await call("POST", route, { token: tokens.admin, body: { contentType: "image/png", contentLength: 1024 } });
            expect([ok.status, ok.json.method, ok.json.uploadUrl.startsWith(app.endpoints.stores.s3)]).to.deep.equal([201, "PUT", true]);
            const bad = await call("POST", route, { token: tokens.admin, body: { contentType: "image/gif", contentLength: 1024 } });
            expect([bad.status, bad.json]).to.deep.equal([400, { message: "Invalid request body", validation: '[instance value ("image/gif") not found in enum (possible values: ["image/png","image/jpeg","image/webp"])]' }]);
        });

        it("POST /v1/orders: 201, the same Idempotency-Key replays the order; no key is 400 Missing required request parameters", async () => {
            const product = (await call("GET", `/v1/products/${app.endpoints.demo.productIds[1]}`, { token: tokens.customer })).json;
            const body = { items: [{ productId: product.productId, quantity: 2 }] };
            const first = await call("POST", "/v1/orders", { token: tokens.customer, body, headers: { "Idempotency-Key": "app-test-order-1" } });
            expect([first.status, first.json.totalCents]).to.deep.equal([201, 2 * product.priceCents]);
            const replay = await call("POST", "/v1/orders", { token: tokens.customer, body, headers: { "Idempotency-Key": "app-test-order-1" } });
            expect([replay.status, replay.json.orderId, replay.headers.get("idempotent-replayed")]).to.deep.equal([200, first.json.orderId, "true"]);
            created.orderId = first.json.orderId;
            const noKey = await call("POST", "/v1/orders", { token: tokens.customer, body });
            expect([noKey.status, noKey.text]).to.deep.equal([400, '{"message":"Missing required request parameters: [Idempotency-Key]"}']);
        });

        it("GET /v1/orders: the customer's own orders; no token is 401 Unauthorized", async () => {
            const ok = await call("GET", "/v1/orders", { token: tokens.customer });
            expect(ok.status).to.equal(200);
            expect(new Set(ok.json.items.map((o: any) => o.customerId)).size).to.equal(1);
            const anonymous = await call("GET", "/v1/orders");
            expect([anonymous.status, anonymous.text]).to.deep.equal([401, '{"message":"Unauthorized"}']);
        });

        it("GET /v1/orders/{id}: 200 for the owner and the admin; an unknown id is 404", async () => {
            const id = app.endpoints.demo.orderId;
            expect((await call("GET", `/v1/orders/${id}`, { token: tokens.customer })).json.orderId).to.equal(id);
            expect((await call("GET", `/v1/orders/${id}`, { token: tokens.admin })).json.orderId).to.equal(id);
            expect((await call("GET", "/v1/orders/00000000-0000-4000-8000-000000000000", { token: tokens.customer })).status).to.equal(404);
        });

        it("GET /v1/reports/sales: 200 for the admin; without `to` it is 400 Missing required request parameters", async () => {
            const today = new Date().toISOString().slice(0, 10);
            const ok = await call("GET", `/v1/reports/sales?from=${today}&to=${today}`, { token: tokens.admin });
            expect([ok.status, ok.json.from, ok.json.rows.length > 0]).to.deep.equal([200, today, true]);
            const missing = await call("GET", `/v1/reports/sales?from=${today}`, { token: tokens.admin });
            expect([missing.status, missing.text]).to.deep.equal([400, '{"message":"Missing required request parameters: [to]"}']);
        });

        it("POST <internalApiUrl>/v1/internal/stock: 200 when SigV4-signed for that host and path; a wrong secret, or signing for the public URL, is 403", async () => {
            const creds = app.endpoints.iamCredentials;
            const body = JSON.stringify({ updates: [{ productId: app.endpoints.demo.productIds[0], delta: 5 }] });
            const send = async (base: string, secretAccessKey: string) => {
                const url = new URL(`${base}/v1/internal/stock`);
                const signer = new SignatureV4({ credentials: { accessKeyId: creds.accessKeyId, secretAccessKey }, region: creds.region, service: creds.service, sha256: Sha256 });
                const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host, "content-type": "application/json" }, body });
                const { host: _host, ...headers } = signed.headers;
                const res = await fetch(url, { method: "POST", headers, body });
                return { status: res.status, json: (await res.json()) as any };
            };
            const ok = await send(app.endpoints.internalApiUrl, creds.secretAccessKey);
            expect([ok.status, ok.json.updated.length, ok.json.failed]).to.deep.equal([200, 1, []]);
            const bad = await send(app.endpoints.internalApiUrl, "not-the-secret");
            expect(bad.status).to.equal(403);
            expect(bad.json.message).to.match(/^The request signature we calculated does not match/);
            // Through the distribution, API Gateway sees its own host and /live/...: no signature for the public URL matches.
            const viaPublic = await send(app.endpoints.apiUrl, creds.secretAccessKey);
            expect(viaPublic.status).to.equal(403);
            expect(viaPublic.json.message).to.match(/^The request signature we calculated does not match[^]*should have been\n'POST\n\/live\/v1\/internal\/stock\n/);
            // Anything else on the stage's own endpoint meets the regional web ACL.
            const direct = await fetch(`${app.endpoints.internalApiUrl}/v1/products`, { headers: { "x-api-key": Object.values(app.endpoints.apiKeys)[0].value } });
            expect([direct.status, await direct.text()]).to.deep.equal([403, '{"message":"Forbidden"}']);
        });
    });

    describe("receipts through the local CloudFront /receipts/* behaviour", () => {
        const receiptUrl = async () => (await call("GET", `/v1/orders/${app.endpoints.demo.orderId}/receipt`, { token: tokens.customer })).json.url as string;
        const privateKey = async () => {
            const sm = new SecretsManagerClient({ region: app.endpoints.region, endpoint: app.endpoints.stores.secretsManager, credentials: DUMMY_CREDENTIALS });
            return (await sm.send(new GetSecretValueCommand({ SecretId: app.env.SIGNING_KEY_SECRET_ARN }))).SecretString!;
        };
        const denied = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>';

        it("the URL orderReceipt signs downloads the receipt from the private bucket", async () => {
            const url = new URL(await receiptUrl());
            expect(url.origin + url.pathname).to.equal(`${app.endpoints.apiUrl}/receipts/${app.endpoints.demo.orderId}.json`);
            expect([...url.searchParams.keys()]).to.deep.equal(["Expires", "Key-Pair-Id", "Signature"]);
            const res = await fetch(url);
            expect([res.status, res.headers.get("content-type")]).to.deep.equal([200, "application/json"]);
            expect(((await res.json()) as any).receipt.orderId).to.equal(app.endpoints.demo.orderId);
        });

        it("refuses a tampered signature, another object's path and a missing key pair id with CloudFront's 403", async () => {
            const url = new URL(await receiptUrl());
            const signature = url.searchParams.get("Signature")!;
            const tampered = new URL(url);
            tampered.searchParams.set("Signature", `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`);
            const otherPath = new URL(url);
            otherPath.pathname = `/receipts/${created.orderId}.json`;
            const noKeyPair = new URL(url);
            noKeyPair.searchParams.delete("Key-Pair-Id");
            const answers = await Promise.all(
                [tampered, otherPath, noKeyPair].map(async (u) => {
                    const res = await fetch(u);
                    return [res.status, await res.text()];
                }),
            );
            expect(answers).to.deep.equal([
                [403, denied],
                [403, denied],
                [403, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>'],
            ]);
        });

        it("refuses an expired URL signed with the very key the function uses, and serves it before expiry", async () => {
            const key = await privateKey();
            const sign = (offsetMs: number) =>
                getSignedUrl({ url: `${app.endpoints.apiUrl}/receipts/${app.endpoints.demo.orderId}.json`, keyPairId: app.env.SIGNING_KEY_PAIR_ID, privateKey: key, dateLessThan: new Date(Date.now() + offsetMs).toISOString() });
            const expired = await fetch(sign(-60_000));
            expect([expired.status, await expired.text()]).to.deep.equal([403, denied]);
            expect((await fetch(sign(60_000))).status).to.equal(200);
        });
    });

    describe("API Gateway semantics through the real functions", () => {
        it("invokes the authorizer once for repeated calls with one token within the TTL, across methods", async () => {
            const token = await signIn("customer");
            const before = app.stats.invocations.authorizer ?? 0;
            const statuses = [
                (await call("GET", "/v1/products", { token })).status,
                (await call("GET", "/v1/orders", { token })).status,
                (await call("GET", `/v1/orders/${app.endpoints.demo.orderId}`, { token })).status,
                (await call("POST", "/v1/orders", { token, body: { items: [{ productId: app.endpoints.demo.productIds[0], quantity: 1 }] }, headers: { "Idempotency-Key": "cache-test-0001" } })).status,
            ];
            expect(statuses).to.deep.equal([200, 200, 200, 201]);
            expect((app.stats.invocations.authorizer ?? 0) - before).to.equal(1);
        });

        it("basic tier: a burst of 10, then 429 Too Many Requests, then one more request per 1/5 s", async () => {
            // The admin's sales report without `to` is metered, then refused by the validator: no function runs, so
            // the burst fits in a few milliseconds.
            const burst = () => call("GET", "/v1/reports/sales?from=2026-01-01", { token: tokens.admin, apiKey: key("basic") });
            await burst(); // authorizer result cached before timing
            await sleep(2_100); // bucket full again (burst 10 at 5/s)
            const started = Date.now();
            const answers = await Promise.all(Array.from({ length: 14 }, burst));
            const elapsedS = (Date.now() - started) / 1000;
            const passed = answers.filter((a) => a.status === 400).length;
            const throttled = answers.filter((a) => a.status === 429);
            expect(passed).to.be.within(10, 10 + Math.ceil(elapsedS * 5));
            expect(throttled.length).to.equal(14 - passed);
            expect(throttled[0].text).to.equal('{"message":"Too Many Requests"}');
            await sleep(230); // 1/rate, plus margin
            expect((await burst()).status).to.equal(400);
            expect((await burst()).status).to.equal(429);
        });

        it("premium tier with a quota of 3 a day: the 4th request is 429 Limit Exceeded", async () => {
            const statuses: number[] = [];
            let last: Reply | undefined;
            for (let i = 0; i < QUOTA + 1; i++) {
                last = await call("POST", "/v1/orders", { token: tokens.customer, apiKey: key("premium"), body: { items: [] } });
                statuses.push(last.status);
            }
            expect(statuses).to.deep.equal([400, 400, 400, 429]);
            expect(last!.text).to.equal('{"message":"Limit Exceeded"}');
        });
    });

    describe("/docs", () => {
        it("serves the developer portal pointed at the local API", async () => {
            const redirect = await fetch(`${app.endpoints.apiUrl}/docs`, { redirect: "manual" });
            expect([redirect.status, redirect.headers.get("location")]).to.deep.equal([301, "/docs/"]);
            const index = await fetch(app.endpoints.docsUrl);
            expect([index.status, index.headers.get("content-type")]).to.deep.equal([200, "text/html; charset=utf-8"]);
            const doc = (await (await fetch(`${app.endpoints.docsUrl}openapi.json`)).json()) as { servers: { url: string }[] };
            expect(doc.servers.map((s) => s.url)).to.deep.equal([app.endpoints.apiUrl]);
        });
    });

    describe("the stand-ins, in their own worker thread", () => {
        it("go offline and back through app.stores, as the soak's outages take them", async () => {
            // Prepare
            const down = app.stores.servers.dynamodb;
            // Act
            await down.pause();
            let offline: Reply;
            try {
                offline = await call("GET", "/v1/products?limit=1", { token: tokens.service });
            } finally {
                await down.resume();
            }
            const online = await call("GET", "/v1/products?limit=1", { token: tokens.service });
            // Assess
            expect([offline.status, offline.json.error.code]).to.deep.equal([503, "ServiceUnavailable"]);
            expect(online.status).to.equal(200);
        });
    });

    describe("--persist and stop", () => {
        it("keeps a created product and order, and tokens already issued, across a stop and a start in the same directory, and stop closes every port", async () => {
            // Prepare
            const first = app;
            const tokenBefore = tokens.customer;
            const ordersBefore = (await call("GET", "/v1/orders?limit=100", { token: tokens.customer })).json.items.length;
            const ports = (a: LocalApp) => [a.endpoints.apiUrl, a.endpoints.cognitoEndpoint, ...Object.values(a.endpoints.stores)].map((u) => Number(new URL(u).port));
            await first.stop();
            // Act
            app = await start();
            const withOldToken = await call("GET", `/v1/products/${created.productId}`, { token: tokenBefore });
            tokens.admin = await signIn("admin");
            tokens.customer = await signIn("customer");
            const product = await call("GET", `/v1/products/${created.productId}`, { token: tokens.customer });
            const order = await call("GET", `/v1/orders/${created.orderId}`, { token: tokens.customer });
            const orders = await call("GET", "/v1/orders?limit=100", { token: tokens.customer });
            await app.stop();
            // Assess
            expect(new URL(app.endpoints.cognitoEndpoint).port).to.equal(new URL(first.endpoints.cognitoEndpoint).port);
            expect(withOldToken.status).to.equal(200);
            expect([product.status, product.json.name]).to.deep.equal([200, "Persisted pen"]);
            expect([order.status, order.json.orderId]).to.deep.equal([200, created.orderId]);
            expect(orders.json.items).to.have.length(ordersBefore);
            const refused = await Promise.all([...ports(first), ...ports(app)].map(connectRefused));
            expect(refused).to.deep.equal(refused.map(() => true));
        });
    });
});

/** True when nothing listens on the port any more. */
function connectRefused(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ port, host: "127.0.0.1" });
        socket.once("connect", () => {
            socket.destroy();
            resolve(false);
        });
        socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED"));
    });
}
