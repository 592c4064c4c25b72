import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium";
import { chromium, type BrowserContext } from "playwright-core";
import { execFile } from "child_process";
import { promisify } from "util";
import { startLocal, type LocalApp } from "../../local/app";
import { ROUTES } from "../../contract";
import { buildPortal } from "../../portal/build";
import { customerToken } from "./localSignIn";


describe("portal try-it console in headless Chromium, against npm start", function () {
    let app: LocalApp;
    let context: BrowserContext;
    let outDir: string;
    const pageErrors: string[] = [];

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            console.log(`    skipped: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`);
            this.skip();
        }
        outDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-console-"));
        app = await startLocal({ port: 0, outDir });
        context = await chromium.launchPersistentContext(path.join(outDir, "profile"), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    });

    after(async () => {
        await context?.close();
        await app?.stop();
        if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
    });

    it("renders the reference from portal files opened from disk, with no page error", async () => {
        const site = path.join(outDir, "from-disk");
        buildPortal({ outDir: site, stack: "dev" });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`file://${site}/reference.html`);
        await page.waitForSelector('[data-section-id^="operation/"]', { timeout: 30_000 });
        const sections = await page.$$eval('[data-section-id^="operation/"]', (els) => els.map((e) => e.getAttribute("data-section-id")));
        expect(sections).to.include.members(ROUTES.map((r) => `operation/${r.operationId}`));
        expect(errors).to.deep.equal([]);
        await page.close();
    });

    it("teaches the local pool's endpoints on the authentication page, never the deployed hosted UI beside them", async () => {
        const html = await (await fetch(`${app.endpoints.docsUrl}authentication.html`)).text();
        expect(html).to.include(app.endpoints.authorizationEndpoint);
        expect(html).to.include(app.endpoints.tokenEndpoint);
        expect(html).not.to.include("portcullis-dev.auth.eu-west-1.amazoncognito.com");
    });

    it("serves an SDK tarball that installs into a scratch project, as the guide says, and calls the local API", async () => {
        // Prepare: the install command exactly as getting-started.html prints it, and a token from the cli client.
        const guide = await (await fetch(`${app.endpoints.docsUrl}getting-started.html`)).text();
        const install = /npm install (\S+portcullis-sdk\.tgz)/.exec(guide)?.[1];
        expect(install).to.equal(`${app.endpoints.apiUrl}/docs/sdks/portcullis-sdk.tgz`);
        const token = await customerToken(app);
        const scratch = path.join(outDir, "scratch");
        fs.mkdirSync(scratch);
        fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }));
        const run = promisify(execFile);
        // Act: no registry is needed (the package has no dependencies); a bogus registry proves it.
        await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--registry", "http://127.0.0.1:9/", install!], { cwd: scratch, timeout: 60_000 });
        const script = `const { PortcullisClient } = require("@portcullis/sdk");
new PortcullisClient({ baseUrl: process.env.BASE, apiKey: process.env.KEY, token: async () => process.env.TOKEN })
  .listProducts({ limit: "2" }).then((page) => console.log(JSON.stringify(page.items.length)));`;
        const key = Object.values(app.endpoints.apiKeys).find((k) => k.tier === "enterprise")!.value;
        const { stdout } = await run(process.execPath, ["-e", script], { cwd: scratch, env: { ...process.env, BASE: app.endpoints.apiUrl, KEY: key, TOKEN: token }, timeout: 30_000 });
        // Assess
        expect(stdout.trim()).to.equal("2");
        expect(fs.existsSync(path.join(scratch, "node_modules", "@portcullis", "sdk", "dist", "index.d.ts"))).to.equal(true);
    });

    it("signs in through the local hosted UI with PKCE, receives tokens and calls the API, then signs out", async () => {
        // Prepare
        const customer = app.endpoints.users.find((u) => u.groups.includes("customer"))!;
        const apiKey = Object.values(app.endpoints.apiKeys).find((k) => k.tier === "enterprise")!.value;
        const page = await context.newPage();
        page.on("pageerror", (e) => pageErrors.push(e.message));
        page.on("console", (m) => void (m.type() === "error" && pageErrors.push(m.text())));
        await page.goto(`${app.endpoints.docsUrl}console.html`);
        expect(await page.innerText("#status")).to.equal("Not signed in.");

        // Act: the hosted UI's login page, on the identity provider's origin.
        await page.click("#signIn");
        await page.waitForURL(/\/login\?/);
        expect(new URL(page.url()).origin).to.equal(app.endpoints.cognitoEndpoint);
        await page.fill("#signInFormUsername", customer.username);
        await page.fill("#signInFormPassword", customer.password);
        await page.click("button[type=submit]");
        // callback.html redeems the code with the verifier, then returns to the console.
        await page.waitForURL(/console\.html$/);
        // Locators, not waitForFunction: polling a page-side expression evaluates it as a string, which the portal's
        // CSP (script-src 'self', no unsafe-eval) refuses whenever the first check does not already succeed.
        await page.locator("#status", { hasText: /^Signed in/ }).waitFor();
        const tokens = JSON.parse((await page.evaluate<string | null>('sessionStorage.getItem("tokens")')) ?? "null");
        await page.fill("#apiKey", apiKey);
        await page.click("#send");
        await page.locator("#responseStatus:not(:empty)").waitFor();

        // Assess
        expect(await page.innerText("#status")).to.equal("Signed in as customer (openid email portcullis/catalog.read portcullis/orders.read portcullis/orders.write)");
        expect(Object.keys(tokens).sort()).to.deep.equal(["access_token", "expires_in", "id_token", "refresh_token", "token_type"]);
        expect(await page.innerText("#responseStatus")).to.equal("200");
        expect(JSON.parse(await page.innerText("#response")).items.length).to.be.greaterThan(0);

        await page.click("#signOut");
        await page.waitForURL(`${app.endpoints.docsUrl}`);
        expect(await page.evaluate<string | null>('sessionStorage.getItem("tokens")')).to.equal(null);
        expect(pageErrors).to.deep.equal([]);
    });
});
