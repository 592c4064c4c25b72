import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startLocal, type LocalApp } from "../../local/app";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../local/gateway/sha256";
import { PortcullisApiError, PortcullisClient, type ClientOptions, type RequestSigner } from "../../sdk/src";

describe("SDK: a real flow against the local API", function () {
    this.timeout(60_000);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-sdk-flow-"));
    let app: LocalApp;
    let token: string;
    /** Status of every response the SDK received, in order. */
    let statuses: number[];

    /** A client on one tier's key, signed in as the demo customer, counting the SDK's attempts. */
    const client = (tier: string, options: Partial<ClientOptions> = {}) =>
        new PortcullisClient({
            ...options,
            baseUrl: app.endpoints.apiUrl,
            apiKey: Object.values(app.endpoints.apiKeys).find((k) => k.tier === tier)!.value,
            token: () => token,
            fetch: async (input, init) => {
                const res = await fetch(input, init);
                statuses.push(res.status);
                return res;
            },
        });

    before(async () => {
        app = await startLocal({ port: 0, outDir });
        const e = app.endpoints;
        const customer = e.users.find((u) => u.groups.includes("customer"))!;
        const cognito = new CognitoIdentityProviderClient({ region: e.region, endpoint: e.cognitoEndpoint, credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local" } });
        const out = await cognito.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: e.clients.cli!.clientId, AuthParameters: { USERNAME: customer.username, PASSWORD: customer.password } }));
        token = out.AuthenticationResult!.AccessToken!;
    });
    after(async () => {
        await app?.stop();
        fs.rmSync(outDir, { recursive: true, force: true });
    });
    beforeEach(() => {
        statuses = [];
    });

    it("lists products, places an order once per idempotency key, and downloads its receipt", async () => {
        // Prepare
        const sdk = client("enterprise");
        // Act
        const page = await sdk.listProducts({ limit: "2" });
        const product = page.items[0];
        const order = await sdk.createOrder({ items: [{ productId: product.productId, quantity: 3 }] }, { idempotencyKey: "sdk-flow-order-0001" });
        const retried = await sdk.createOrder({ items: [{ productId: product.productId, quantity: 3 }] }, { idempotencyKey: "sdk-flow-order-0001" });
        const receipt = await sdk.getOrderReceipt({ orderId: order.orderId });
        const download = await fetch(receipt.url);
        // Assess
        expect(page.items).to.have.length(2);
        expect(order).to.include({ status: "CONFIRMED", totalCents: 3 * product.priceCents, currency: product.currency });
        expect(retried.orderId).to.equal(order.orderId);
        expect(statuses).to.deep.equal([200, 201, 200, 200]);
        expect(new URL(receipt.url).pathname).to.equal(`/receipts/${order.orderId}.json`);
        expect(download.status).to.equal(200);
        expect(((await download.json()) as { receipt: { orderId: string; totalCents: number } }).receipt).to.include({ orderId: order.orderId, totalCents: order.totalCents });
    });

    it("retries a 429 from the basic tier's token bucket and succeeds on the next attempt", async () => {
        // Prepare: the basic key's bucket (burst 10, 5 a second) emptied by a burst of calls that are not retried.
        const once = client("basic", { retry: { maxAttempts: 1 } });
        const drain = await Promise.all(Array.from({ length: 14 }, () => once.listOrders({ limit: "1" }).then(() => 200, (e: PortcullisApiError) => e.status)));
        expect(drain.filter((s) => s === 429).length).to.be.greaterThan(0);
        statuses = [];
        // Act: no jitter, so the first wait is the full 400 ms base delay; a token comes back every 200 ms.
        const page = await client("basic", { retry: { baseDelayMs: 400, maxAttempts: 4 }, random: () => 1 }).listProducts({ limit: "1" });
        // Assess
        expect(page.items).to.have.length(1);
        expect(statuses).to.deep.equal([429, 200]);
    });

    it("updates stock with SigV4 signed for the stage's endpoint (internalApiUrl); the public URL refuses the same signer", async () => {
        // Prepare: a signer as an AWS-side service would write one, signing for whatever URL the SDK hands it.
        const c = app.endpoints.iamCredentials;
        const signer: RequestSigner = async (r) => {
            const url = new URL(r.url);
            const sigv4 = new SignatureV4({ credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey }, region: c.region, service: c.service, sha256: Sha256 });
            const signed = await sigv4.sign({
                method: r.method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname,
                query: Object.fromEntries(url.searchParams), headers: { ...r.headers, host: url.host }, body: r.body,
            });
            const { host: _host, ...headers } = signed.headers;
            return headers;
        };
        const productId = app.endpoints.demo.productIds[0];
        const internal = new PortcullisClient({ baseUrl: app.endpoints.apiUrl, internalBaseUrl: app.endpoints.internalApiUrl, signer });
        const viaPublic = new PortcullisClient({ baseUrl: app.endpoints.apiUrl, internalBaseUrl: app.endpoints.apiUrl, signer });
        // Act
        const result = await internal.updateStock({ updates: [{ productId, delta: 2 }] });
        const refused = await viaPublic.updateStock({ updates: [{ productId, delta: 2 }] }).then(() => undefined, (e: unknown) => e);
        // Assess
        expect(app.endpoints.internalApiUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/live$/);
        expect(result.updated.map((u) => u.productId)).to.deep.equal([productId]);
        expect(refused).to.be.instanceOf(PortcullisApiError);
        expect((refused as PortcullisApiError).status).to.equal(403);
        expect((refused as PortcullisApiError).message).to.match(/^The request signature we calculated does not match/);
    });
});
