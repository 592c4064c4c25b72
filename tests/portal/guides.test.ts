import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { startLocal, type LocalApp } from "../../local/app";
import { customerToken } from "./localSignIn";

const run = promisify(execFile);

/** The `sh` code blocks of a served portal page, as a reader copies them (HTML entities undone). */
function shellBlocks(html: string): string[] {
    const entities: Record<string, string> = { "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };
    return [...html.matchAll(/<pre><code class="language-sh">([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1].replace(/&(quot|#39|lt|gt|amp);/g, (e) => entities[e]));
}

describe("the getting-started guide's commands, run as written against npm start", function () {
    this.timeout(180_000);
    let app: LocalApp;
    let outDir: string;
    let blocks: string[];

    let page: string;

    before(async () => {
        outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-guides-"));
        app = await startLocal({ port: 0, outDir });
        page = await (await fetch(`${app.endpoints.docsUrl}getting-started.html`)).text();
        blocks = shellBlocks(page);
    });

    after(async () => {
        await app?.stop();
        if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
    });

    /** Runs one block in bash with what a reader has set by then, and prints `$TOKEN` after it when asked. */
    const sh = async (block: string, env: Record<string, string>, then = "") => (await run("bash", ["-c", `set -e\n${block}\n${then}`], { env: { ...process.env, ...env }, timeout: 30_000 })).stdout;
    const apiKey = () => Object.values(app.endpoints.apiKeys).find((k) => k.tier === "enterprise")!.value;

    it("shows each step's commands (the fifth, npm install, is run by console.test.ts), the API key's for the reader to fill in", () => {
        expect(blocks).to.have.length(5);
        expect(blocks[0]).to.equal("export API_KEY=...   # your key\n");
    });

    it("states that every command works unchanged against a deployed stack, only the values differing", () => {
        expect(page).to.include("Every command below works unchanged against <code>npm start</code> and against a deployed stack");
    });

    it("step 2 gets a service token with the client credentials grant", async () => {
        const service = app.endpoints.clients.service;
        const token = await sh(blocks[1], { CLIENT_ID: service.clientId, CLIENT_SECRET: service.clientSecret }, 'printf %s "$TOKEN"');
        const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()) as { client_id: string; token_use: string };
        expect([claims.client_id, claims.token_use]).to.deep.equal([service.clientId, "access"]);
    });

    it("step 3's first calls answer: health, then a page of products", async () => {
        const service = app.endpoints.clients.service;
        const token = await sh(blocks[1], { CLIENT_ID: service.clientId, CLIENT_SECRET: service.clientSecret }, 'printf %s "$TOKEN"');
        // curl prints no newline after a body, so a reader sees the two answers back to back.
        const [health, page] = (await sh(blocks[2], { API_KEY: apiKey(), TOKEN: token })).replace("}{", "}\n{").split("\n");
        expect(JSON.parse(health)).to.include({ status: "ok" });
        expect((JSON.parse(page) as { items: unknown[] }).items).to.have.length(app.endpoints.demo.productIds.length);
    });

    it("step 4 places an order as a signed-in customer, with the product id filled in", async () => {
        const token = await customerToken(app);
        const block = blocks[3].replace("PRODUCT_ID", app.endpoints.demo.productIds[0]);
        const order = JSON.parse(await sh(block, { API_KEY: apiKey(), TOKEN: token })) as { orderId: string; status: string; lines: { productId: string; quantity: number }[] };
        expect(order.lines.map((l) => [l.productId, l.quantity])).to.deep.equal([[app.endpoints.demo.productIds[0], 1]]);
        expect(order.status).to.equal("CONFIRMED");
        expect(order.orderId).to.match(/^[0-9a-f-]{36}$/);
    });
});
