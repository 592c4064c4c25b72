import { expect } from "chai";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ROUTES } from "../../contract";
import { buildPortal } from "../../portal/build";
import { portalHandler } from "../../portal/static";

const ARTIFACT = path.resolve(__dirname, "..", "..", "test-artifacts", "portal.png");

describe("portal in headless Chromium", function () {
    let dir: string;
    let server: http.Server;
    let base: string;
    let context: BrowserContext;
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];

    before(async function () {
        if (!fs.existsSync(CHROMIUM)) {
            console.log(`    skipped: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`);
            this.skip();
        }
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-browser-"));
        buildPortal({ outDir: path.join(dir, "site"), stack: "dev", apiBaseUrl: "http://127.0.0.1:3000" });
        const serve = portalHandler(path.join(dir, "site"), "/docs");
        server = http.createServer((req, res) => void (serve(req, res) || res.writeHead(404).end()));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs`;
        context = await chromium.launchPersistentContext(path.join(dir, "profile"), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
        // Nothing may leave the machine: the portal must work from its own files alone.
        await context.route("**/*", (route) => {
            const url = route.request().url();
            if (url.startsWith(base) || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
            foreignRequests.push(url);
            return route.abort();
        });
    });

    after(async () => {
        await context?.close();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    async function open(file: string): Promise<Page> {
        const page = await context.newPage();
        page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(`${file}: ${m.text()}`)));
        page.on("pageerror", (e) => consoleErrors.push(`${file}: ${e.message}`));
        await page.goto(`${base}/${file}`, { waitUntil: "load" });
        return page;
    }

    it("renders the reference with Redoc, listing every operation, and keeps a screenshot", async () => {
        const page = await open("reference.html");
        await page.waitForSelector('[data-section-id^="operation/"]', { timeout: 30_000 });
        const sections = await page.$$eval('[data-section-id^="operation/"]', (els) => els.map((e) => e.getAttribute("data-section-id")));
        expect(sections).to.include.members(ROUTES.map((r) => `operation/${r.operationId}`));
        const text = await page.innerText("body");
        for (const r of ROUTES) expect(text, r.summary).to.include(r.summary);
        fs.mkdirSync(path.dirname(ARTIFACT), { recursive: true });
        await page.screenshot({ path: ARTIFACT, fullPage: false });
        expect(fs.statSync(ARTIFACT).size).to.be.greaterThan(10_000);
        await page.close();
    });

    it("renders the guides, the tier table and the error reference", async () => {
        const expectations: Record<string, string> = {
            "index.html": "Portcullis API",
            "getting-started.html": "Getting started",
            "authentication.html": "Authentication",
            "tiers.html": "Usage plans and limits",
            "errors.html": "Errors",
            "changelog.html": "Changelog",
        };
        for (const [file, heading] of Object.entries(expectations)) {
            const page = await open(file);
            expect(await page.innerText("main h1"), file).to.equal(heading);
            await page.close();
        }
        const auth = await open("authentication.html");
        expect(await auth.locator("main table").count()).to.equal(4);
        await auth.close();
    });

    it("logged no console error and requested nothing outside the portal", () => {
        expect(consoleErrors).to.deep.equal([]);
        expect(foreignRequests).to.deep.equal([]);
    });
});
