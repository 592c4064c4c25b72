import { expect } from "chai";
import * as http from "http";
import type { AddressInfo } from "net";
import { exportJWK, generateKeyPair } from "jose";
import { createKeySet } from "../../../handlers/lib/keySet";

/** A JWKS endpoint whose keys, status and delay each test sets; counts the fetches. */
describe("createKeySet (the authorizer's JWKS over node:http, jose's local key set)", () => {
    let server: http.Server;
    let url: URL;
    let fetches = 0;
    let answer: { status: number; body: string; delayMs?: number };
    let jwk1: Record<string, unknown>;
    let jwk2: Record<string, unknown>;

    before(async () => {
        jwk1 = { ...(await exportJWK((await generateKeyPair("RS256")).publicKey)), kid: "k1", alg: "RS256", use: "sig" };
        jwk2 = { ...(await exportJWK((await generateKeyPair("RS256")).publicKey)), kid: "k2", alg: "RS256", use: "sig" };
        server = http.createServer((req, res) => {
            fetches++;
            setTimeout(() => res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body), answer.delayMs ?? 0);
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/pool/.well-known/jwks.json`);
    });
    after(() => new Promise<void>((r) => server.close(() => r())));
    beforeEach(() => {
        fetches = 0;
        answer = { status: 200, body: JSON.stringify({ keys: [jwk1] }) };
    });

    const codeOf = (p: Promise<unknown>) => p.then(() => "resolved", (e: { code?: string }) => e.code);

    it("fetches once for concurrent first lookups and imports the key jose selects", async () => {
        const keys = createKeySet(url);
        const found = await Promise.all([keys({ alg: "RS256", kid: "k1" }), keys({ alg: "RS256", kid: "k1" })]);
        expect(fetches).to.equal(1);
        expect((found[0] as { type: string; algorithm: { name: string } }).type).to.equal("public");
        expect((found[0] as { algorithm: { name: string } }).algorithm.name).to.equal("RSASSA-PKCS1-v1_5");
    });

    it("refetches for an unknown kid only after the cooldown, so made-up kids cannot hammer the issuer", async () => {
        const keys = createKeySet(url, { cooldownMs: 200 });
        await keys({ alg: "RS256", kid: "k1" });
        answer = { status: 200, body: JSON.stringify({ keys: [jwk1, jwk2] }) };
        expect(await codeOf(keys({ alg: "RS256", kid: "k2" }))).to.equal("ERR_JWKS_NO_MATCHING_KEY");
        expect(await codeOf(keys({ alg: "RS256", kid: "made-up" }))).to.equal("ERR_JWKS_NO_MATCHING_KEY");
        expect(fetches).to.equal(1);
        await new Promise((r) => setTimeout(r, 250));
        expect(await codeOf(keys({ alg: "RS256", kid: "k2" }))).to.equal("resolved");
        expect(fetches).to.equal(2);
    });

    it("fetches again once the cached set is older than cacheMaxAgeMs", async () => {
        const keys = createKeySet(url, { cacheMaxAgeMs: 100 });
        await keys({ alg: "RS256", kid: "k1" });
        await keys({ alg: "RS256", kid: "k1" });
        expect(fetches).to.equal(1);
        await new Promise((r) => setTimeout(r, 150));
        await keys({ alg: "RS256", kid: "k1" });
        expect(fetches).to.equal(2);
    });

    it("fails with ERR_JWKS_INVALID on a non-200 answer, a non-JSON body or a body that is not a key set", async () => {
        for (const a of [{ status: 302, body: "" }, { status: 200, body: "<html>" }, { status: 200, body: JSON.stringify({ keys: "none" }) }]) {
            answer = a;
            expect(await codeOf(createKeySet(url)({ alg: "RS256", kid: "k1" })), JSON.stringify(a)).to.equal("ERR_JWKS_INVALID");
        }
    });

    it("fails with ERR_JWKS_TIMEOUT when the answer takes longer than timeoutMs, and with ERR_JWKS_INVALID when nothing listens", async () => {
        answer = { status: 200, body: JSON.stringify({ keys: [jwk1] }), delayMs: 300 };
        expect(await codeOf(createKeySet(url, { timeoutMs: 50 })({ alg: "RS256", kid: "k1" }))).to.equal("ERR_JWKS_TIMEOUT");
        expect(await codeOf(createKeySet(new URL("http://127.0.0.1:1/jwks.json"))({ alg: "RS256", kid: "k1" }))).to.equal("ERR_JWKS_INVALID");
        expect(await codeOf(createKeySet(new URL("file:///etc/passwd"))({ alg: "RS256", kid: "k1" }))).to.equal("ERR_JWKS_INVALID");
    });
});
