import { expect } from "chai";
import { spawn } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { runBattery, type Outcome, type Target } from "../../proof/attack/battery";
import { fuzzStage } from "../../proof/attack/fuzz/stage";
import { localTarget, proofLocal } from "./support";

/** A target that accepts everything: 200 with a body that looks like a product page, a product and an order. */
async function acceptEverything(): Promise<{ url: string; close(): Promise<void> }> {
    const body = JSON.stringify({ items: [{ productId: "p1" }], productId: "p1", orderId: "o1" });
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
            res.end(body);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

describe("proof: the attack battery", function () {
    this.timeout(120_000);
    let target: Target;

    before(async () => {
        target = await localTarget(await proofLocal());
    });

    it("refuses every attack against the local API, with no 5xx and nothing skipped", async () => {
        // Act
        const outcomes = await runBattery(target);
        // Assess
        const line = (o: Outcome) => `${o.attack}: ${o.actual}`;
        expect(outcomes.filter((o) => !o.ok).map(line)).to.deep.equal([]);
        expect(outcomes.filter((o) => /^(5\d\d|0)\b/.test(o.actual)).map(line)).to.deep.equal([]);
        expect(outcomes.filter((o) => o.actual.startsWith("skipped")).map(line)).to.deep.equal([]);
        const actual = (attack: string) => outcomes.find((o) => o.attack === attack)?.actual;
        expect(actual("alg none")).to.equal("401");
        expect(actual("HS256 signed with the pool's public key")).to.equal("401");
        expect(actual("expired token (signed by the pool key)")).to.equal("401");
        expect(actual("missing scope (catalog.read only) lists orders")).to.equal("403");
        expect(actual("quota exhaustion (after 12 accepted)")).to.equal("429, then 429");
        expect(actual("body over 10 MiB")).to.equal("413");
        expect(actual("X-HTTP-Method-Override: DELETE on a GET")).to.equal("200");
        expect(actual("another customer gets my order")).to.equal("404");
        // Free-text fields take the payload, and it comes back only inside JSON with nosniff.
        expect(actual("createProduct: <script>alert(… in body name")).to.equal("201");
        expect(outcomes.filter((o) => o.attack.includes("…")).length).to.equal(120);
    });

    it("fuzzes every route of the local API from the contract over HTTP (issue 12) and finds no 5xx, no bare error, no internals", async () => {
        const results = await fuzzStage(target.url, target.creds, { runs: 8, seed: 1212, writes: true });
        expect(results.map((r) => r.route.operationId)).to.have.length(13);
        expect(results.filter((r) => r.failure !== undefined).map((r) => `${r.route.operationId}: ${r.failure}`)).to.deep.equal([]);
    });

    it("the HTTP fuzzer reports a target that answers a stack trace with 500, with the shrunk request", async () => {
        const server = http.createServer((req, res) => {
            req.resume();
            req.on("end", () => {
                res.writeHead(500, { "content-type": "application/json" });
                res.end(JSON.stringify({ message: "TypeError: x is undefined\n    at handler (/var/task/index.js:1:2)" }));
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const results = await fuzzStage(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {}, { runs: 3, seed: 1, writes: false });
            expect(results.length).to.be.greaterThan(0);
            for (const r of results) expect(r.failure, r.route.operationId).to.match(/answered 500.*internal detail "TypeError"/);
        } finally {
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    });

    it("fails against a target that accepts everything, and the CLI exits 1", async () => {
        // Prepare
        const weak = await acceptEverything();
        try {
            // Act
            const outcomes = await runBattery({ ...target, url: weak.url, quota: undefined });
            const exit = await new Promise<number | null>((resolve) => {
                const cli = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "..", "..", "scripts", "attack.ts"), "--url", weak.url, "--api-key", "k", "--token", target.creds.token as string], { stdio: "ignore" });
                cli.on("exit", resolve);
            });
            // Assess
            const failed = outcomes.filter((o) => !o.ok).map((o) => o.attack);
            expect(failed).to.include.members(["forged signature", "alg none", "expired token (signed by the pool key)", "missing API key", "another customer gets my order", "CORS GET from https://evil.example.com"]);
            expect(exit).to.equal(1);
        } finally {
            await weak.close();
        }
    });
});
