import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { API_VERSION, GATEWAY_RESPONSE_TYPES, ROUTES } from "../../contract";
import { TIERS } from "../../config";
import { buildPortal, offlineRedoc, portalFiles, REDOC_REMOTE_LOGO, type PortalBuild } from "../../portal/build";
import { CHANGELOG } from "../../portal/changelog";
import { PAGES } from "../../portal/layout";
import { tierRows } from "../../portal/tiers";
import { loadStackConfig } from "../../config/stackFile";

const ROOT = path.resolve(__dirname, "..", "..");
const read = (build: PortalBuild, file: string) => fs.readFileSync(path.join(build.outDir, file), "utf8");
/** The text of every `<td>` of a page, in order. */
const cells = (html: string) => [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));

/** Tier values straight from the YAML, without parseConfig, so the table is checked against the file itself. */
function yamlTiers(stack: string): Record<string, { throttle: { rateLimit: number; burstLimit: number }; quota: { limit: number; period: string } }> {
    const doc = yaml.load(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, { tiers: never }> };
    return doc.config["portcullis:gateway"].tiers;
}

describe("portal/build", () => {
    let dir: string;
    let dev: PortalBuild;
    let prod: PortalBuild;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-"));
        dev = buildPortal({ outDir: path.join(dir, "dev"), stack: "dev", apiBaseUrl: "http://127.0.0.1:4010/" });
        prod = buildPortal({ outDir: path.join(dir, "prod"), stack: "prod" });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes every page, both documents and the locally served Redoc bundle", () => {
        expect(dev.files).to.have.members([
            ...PAGES.map((p) => p.file),
            "openapi.json",
            "openapi.yaml",
            "assets/portal.css",
            "assets/favicon.svg",
            "assets/console.js",
            "callback.html",
            "sdks/portcullis-sdk.tgz",
            "assets/reference.js",
            "assets/redoc.standalone.js",
        ]);
        for (const file of dev.files) expect(fs.statSync(path.join(dev.outDir, file)).size, file).to.be.greaterThan(0);
    });

    it("writes exactly the files portalFiles() lists without building, which the Pulumi program uploads", () => {
        expect(dev.files).to.deep.equal(portalFiles());
        expect(prod.files).to.deep.equal(portalFiles());
    });

    it("points the try-it console at the stack's hosted UI and API, and lets its pages fetch only from those origins", () => {
        const page = read(prod, "console.html");
        expect(page).to.include('data-authorization-url="https://portcullis-prod.auth.eu-west-1.amazoncognito.com/oauth2/authorize"');
        expect(page).to.include('data-token-url="https://portcullis-prod.auth.eu-west-1.amazoncognito.com/oauth2/token"');
        expect(page).to.include('data-logout-url="https://portcullis-prod.auth.eu-west-1.amazoncognito.com/logout"');
        expect(page).to.include('data-api-base-url="https://api.portcullis.example.com"');
        expect(page).to.include("connect-src 'self' https://portcullis-prod.auth.eu-west-1.amazoncognito.com https://api.portcullis.example.com;");
        expect(read(prod, "callback.html")).to.include('data-page="callback"');
        // Without a web client id the console says so instead of sending a broken sign-in.
        expect(page).to.include('data-client-id=""');
        expect(read(prod, "index.html")).to.include("connect-src 'self';");
    });

    it("serves Redoc without its CDN logo, and refuses a bundle where that URL moved", () => {
        expect(read(dev, "assets/redoc.standalone.js")).not.to.include("cdn.redoc.ly");
        expect(() => offlineRedoc("no url here")).to.throw(`Expected ${REDOC_REMOTE_LOGO} once in Redoc's bundle, found it 0 times; review the upgrade`);
    });

    it("points the document and the guides at the given API, trailing slash removed", () => {
        expect(JSON.parse(read(dev, "openapi.json")).servers).to.deep.equal([{ url: "http://127.0.0.1:4010" }]);
        expect(read(dev, "getting-started.html")).to.include("curl -s http://127.0.0.1:4010/health");
    });

    it("defaults to the stack's custom domain and its Cognito hosted domain", () => {
        const doc = JSON.parse(read(prod, "openapi.json"));
        expect(doc.servers).to.deep.equal([{ url: "https://api.portcullis.example.com" }]);
        expect(doc.components.securitySchemes.cognito_jwt.flows.clientCredentials.tokenUrl).to.equal("https://portcullis-prod.auth.eu-west-1.amazoncognito.com/oauth2/token");
    });

    it("loads no script from elsewhere and no inline script, on every page", () => {
        for (const page of PAGES) {
            const html = read(dev, page.file);
            const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
            // The one other script element is the reference's embedded document: an inert JSON data block.
            for (const attrs of scripts) expect(attrs, page.file).to.match(/^( src="assets\/[a-z.]+\.js"| type="application\/json" id="openapi-document")$/);
            expect(html, page.file).to.include(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self';`);
            expect(html, page.file).not.to.match(/https?:\/\/(?!127\.0\.0\.1:4010)[^"'\s<]*\.(js|css)/);
        }
        expect(read(dev, "reference.html")).to.include('<div id="redoc-container" data-spec-url="openapi.json"></div>');
        const embedded = /<script type="application\/json" id="openapi-document">([^<]*)<\/script>/.exec(read(dev, "reference.html"))?.[1];
        expect(JSON.parse(embedded ?? "null")).to.deep.equal(dev.document);
    });

    for (const stack of ["dev", "prod"] as const) {
        it(`shows ${stack}'s rate, burst and quota for every tier, as in Pulumi.${stack}.yaml`, () => {
            const build = stack === "dev" ? dev : prod;
            const expected = yamlTiers(stack);
            const html = read(build, "tiers.html");
            const tierTable = cells(html).slice(0, TIERS.length * 5);
            expect(tierTable).to.deep.equal(
                TIERS.flatMap((t) => [t, String(expected[t].throttle.rateLimit), String(expected[t].throttle.burstLimit), String(expected[t].quota.limit), expected[t].quota.period]),
            );
        });
    }

    it("shows the per-method and stage-wide throttles of prod", () => {
        const rows = cells(read(prod, "tiers.html")).slice(TIERS.length * 5);
        expect(rows).to.deep.equal(["premium", "GET /v1/reports/sales", "2", "4", "Every method", "1000", "2000", "POST /v1/orders", "200", "400", "GET /v1/reports/sales", "10", "20"]);
    });

    it("derives the tier rows from parsed config, per-method throttles included", () => {
        expect(tierRows(loadStackConfig("dev"))[1]).to.deep.equal({
            tier: "premium",
            rate: 20,
            burst: 40,
            quotaLimit: 20000,
            quotaPeriod: "DAY",
            methodThrottles: [{ operation: "GET /v1/reports/sales", rate: 1, burst: 2 }],
        });
    });

    it("renders the guides: flows, scopes, and every operation in the authentication guide", () => {
        const auth = read(dev, "authentication.html");
        expect(auth).to.include("authorization code with PKCE");
        expect(auth).to.include("client credentials");
        expect(auth).to.include("AWS Signature Version 4");
        expect(auth).to.include("<code>portcullis/reports.read</code>");
        for (const r of ROUTES) expect(auth, r.operationId).to.include(`<td>${r.operationId}</td>`);
        expect(read(dev, "getting-started.html")).to.include("<h2>2. Get an access token</h2>");
    });

    it("sends AWS-side callers of the internal route to the stage's execute-api endpoint, signed for it", () => {
        const auth = read(dev, "authentication.html");
        expect(auth).to.include("<h2>Calling the internal route (SigV4)</h2>");
        expect(auth).to.include("<code>https://&lt;api id&gt;.execute-api.eu-west-1.amazonaws.com/live</code>");
        expect(auth).to.include("<code>internalApiUrl</code>");
        expect(auth).to.include("curl --aws-sigv4 &quot;aws:amz:eu-west-1:execute-api&quot;");
    });

    it("lists every operation on the overview and in the reference's no-script fallback", () => {
        for (const r of ROUTES) {
            expect(read(dev, "index.html")).to.include(`<td>${r.operationId}</td>`);
            expect(read(dev, "reference.html")).to.include(`(<code>${r.operationId}</code>)`);
        }
    });

    it("renders the changelog, newest entry at the contract's version", () => {
        expect(CHANGELOG[0].version).to.equal(API_VERSION);
        expect(read(dev, "changelog.html")).to.include(`<h2>${API_VERSION} (${CHANGELOG[0].date})</h2>`);
    });

    it("lists every gateway response type on the error page", () => {
        const html = read(dev, "errors.html");
        for (const type of GATEWAY_RESPONSE_TYPES) expect(html, type).to.include(`<td><code>${type}</code></td>`);
        expect(html).to.include("<td><code>{&quot;message&quot;:&quot;Too Many Requests&quot;}</code></td>");
    });
});
