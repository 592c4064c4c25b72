import * as fs from "fs";
import * as path from "path";
import { marked } from "marked";
import { API_VERSION, ROUTES, type OpenApiDocument } from "../contract";
import { changelogMarkdown } from "./changelog";
import { errorsMarkdown } from "./errorReference";
import { authenticationMarkdown, cognitoOAuthUrls, gettingStartedMarkdown, type GuideContext, type OAuthUrls } from "./guides";
import { layout, PAGES, type PageLink } from "./layout";
import { code, table } from "./markdown";
import { publicDocument, toJson, toYaml } from "./openapi";
import type { StackConfig } from "../config/schema";
import { PROJECT_ROOT } from "../config/project";
import { loadStackConfig } from "../config/stackFile";
import { sdkTarball } from "./sdkTarball";
import { tiersMarkdown } from "./tiers";

/** Where the portal serves the SDK's npm tarball, relative to its root. */
export const SDK_TARBALL = "sdks/portcullis-sdk.tgz";

/** Options of {@link buildPortal}; every one has a default so `npm run portal` needs none. */
export interface PortalOptions {
    /** Directory to write the portal into; created if missing, its previous content replaced. Default `portal/dist`. */
    outDir?: string;
    /** Stack whose `Pulumi.<stack>.yaml` sets the tier table and OAuth endpoints. Default `dev`. */
    stack?: string;
    /** The stack's parsed config, when the caller has it (the Pulumi program does); overrides `stack`. */
    config?: StackConfig;
    /**
     * Base URL of the API the guides and the reference's server point at. Default: the stack's custom domain, or
     * `http://localhost:3000` (what `npm start` serves) when it has none.
     */
    apiBaseUrl?: string;
    /** OAuth endpoints for the guides, the document and the console; default the stack's Cognito hosted domain. */
    oauth?: OAuthUrls;
    /**
     * The web client's id (`pulumi stack output webClientId`), which the try-it console signs in with. Default:
     * none, and the console says sign-in is not configured.
     */
    webClientId?: string;
}

/** Origins the portal's pages fetch from besides their own: the token endpoint's and the API's. */
export function portalConnectOrigins(oauth: OAuthUrls, apiBaseUrl: string): string[] {
    return [new URL(oauth.tokenUrl).origin, new URL(apiBaseUrl).origin];
}

/** What {@link buildPortal} wrote. */
export interface PortalBuild {
    outDir: string;
    /** Paths relative to `outDir`, sorted. */
    files: string[];
    document: OpenApiDocument;
}

/** Files copied from `portal/assets` as they are. */
const STATIC_ASSETS = ["portal.css", "reference.js", "favicon.svg", "console.js"] as const;
/** Redoc's bundle, made to load nothing remote (see {@link offlineRedoc}). */
const REDOC_ASSET = "assets/redoc.standalone.js";
/** The hosted UI's redirect target (AUTH_LAYER_DEFAULTS.portalCallbackPath): redeems the code, then the console. */
const CALLBACK_PAGE: PageLink = { file: "callback.html", title: "Signing in" };

/**
 * Every file a build writes, sorted, known without building: the Pulumi program creates one bucket object per
 * file before the API's URL is known, and renders the contents once, when it is.
 */
export function portalFiles(): string[] {
    return [
        "openapi.json",
        "openapi.yaml",
        ...STATIC_ASSETS.map((a) => `assets/${a}`),
        REDOC_ASSET,
        SDK_TARBALL,
        ...PAGES.map((p) => p.file),
        CALLBACK_PAGE.file,
    ].sort();
}

/** Default output directory, git-ignored. */
export const DEFAULT_OUT_DIR = path.join(PROJECT_ROOT, "portal", "dist");
const DEFAULT_STACK = "dev";
const LOCAL_API = "http://localhost:3000";
const REDOC_BUNDLE = require.resolve("redoc/bundles/redoc.standalone.js");

/** Writes the public OpenAPI document as `openapi.json` and `openapi.yaml` into `outDir`. */
export function exportOpenApi(doc: OpenApiDocument, outDir: string): string[] {
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "openapi.json"), toJson(doc));
    fs.writeFileSync(path.join(outDir, "openapi.yaml"), toYaml(doc));
    return ["openapi.json", "openapi.yaml"];
}

/**
 * Builds the static developer portal: the contract as JSON and YAML, the Redoc reference (bundle served from the
 * portal itself), the guides, the tier table of `stack`, the error reference and the changelog. Pure output: it
 * reads the contract, the stack file, the error codes and the functions' manifests, and writes only into `outDir`.
 */
export function buildPortal(options: PortalOptions = {}): PortalBuild {
    const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR);
    const config = options.config ?? loadStackConfig(options.stack ?? DEFAULT_STACK);
    const stack = config.stack;
    const apiBaseUrl = (options.apiBaseUrl ?? (config.edge.domain ? `https://${config.edge.domain.name}` : LOCAL_API)).replace(/\/+$/, "");
    const oauth = options.oauth ?? cognitoOAuthUrls(config);
    const ctx: GuideContext = { stack, config, apiBaseUrl, oauth };
    const document = publicDocument({ serverUrl: apiBaseUrl, oauth });

    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(path.join(outDir, "assets"), { recursive: true });
    const files = exportOpenApi(document, outDir);
    const connect = portalConnectOrigins(oauth, apiBaseUrl);
    for (const asset of STATIC_ASSETS) copy(path.join(__dirname, "assets", asset), outDir, `assets/${asset}`, files);
    fs.writeFileSync(path.join(outDir, REDOC_ASSET), offlineRedoc(fs.readFileSync(REDOC_BUNDLE, "utf8")));
    files.push(REDOC_ASSET);

    const markdownPages: Record<string, string> = {
        "index.html": overviewMarkdown(stack, apiBaseUrl),
        "getting-started.html": gettingStartedMarkdown(ctx),
        "authentication.html": authenticationMarkdown(ctx),
        "tiers.html": tiersMarkdown(stack, config),
        "errors.html": errorsMarkdown(),
        "changelog.html": changelogMarkdown(),
    };
    // The installable SDK (sdkTarball.ts): the guide's `npm install <portal>/sdks/portcullis-sdk.tgz`.
    fs.mkdirSync(path.join(outDir, "sdks"), { recursive: true });
    copy(sdkTarball(), outDir, SDK_TARBALL, files);
    const consoleScript = { apiVersion: API_VERSION, scripts: ["assets/console.js"], connect };
    for (const page of PAGES) {
        const html =
            page.file === "reference.html"
                ? layout(page, referenceMain(document), { full: true, apiVersion: API_VERSION, scripts: [REDOC_ASSET, "assets/reference.js"] })
                : page.file === "console.html"
                  ? layout(page, consoleMain(oauth, apiBaseUrl, options.webClientId, "console"), consoleScript)
                  : layout(page, render(markdownPages[page.file], page), { apiVersion: API_VERSION });
        fs.writeFileSync(path.join(outDir, page.file), html);
        files.push(page.file);
    }
    fs.writeFileSync(path.join(outDir, CALLBACK_PAGE.file), layout(CALLBACK_PAGE, consoleMain(oauth, apiBaseUrl, options.webClientId, "callback"), consoleScript));
    files.push(CALLBACK_PAGE.file);
    files.sort();
    const expected = portalFiles();
    if (files.join("\n") !== expected.join("\n")) throw new Error(`The portal build wrote ${files.join(", ")}; portalFiles() lists ${expected.join(", ")}`);
    return { outDir, files, document };
}

function render(markdown: string | undefined, page: PageLink): string {
    if (markdown === undefined) throw new Error(`No content for portal page ${page.file}`);
    // `async: false` makes marked return a string; the guides are our own Markdown, not user input.
    return marked.parse(markdown, { async: false, gfm: true });
}

/**
 * The reference page's body. The operation list in `noscript` keeps the page useful without JavaScript, and Redoc
 * replaces the container's content once it renders. The document is embedded as inert JSON (a `script` of type
 * application/json runs nothing, so the CSP is untouched): Redoc then fetches nothing, which is what lets
 * `portal/dist/reference.html` open from disk, where a file:// fetch fails and Redoc's relative-URL fallback
 * reaches for Node's `process.cwd()` ("process is not defined").
 */
function referenceMain(document: OpenApiDocument): string {
    const items = ROUTES.map((r) => `<li><code>${r.method} ${r.path}</code> ${r.summary} (<code>${r.operationId}</code>)</li>`).join("\n");
    // "<" escaped so no string in the document can close the script element.
    const spec = JSON.stringify(document).replace(/</g, "\\u003c");
    return `<noscript><ul>\n${items}\n</ul></noscript>\n<script type="application/json" id="openapi-document">${spec}</script>\n<div id="redoc-container" data-spec-url="openapi.json"></div>`;
}

const attr = (s: string): string => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The console's (or the callback's) body; console.js reads its endpoints from the data attributes. */
function consoleMain(oauth: OAuthUrls, apiBaseUrl: string, webClientId: string | undefined, pageKind: "console" | "callback"): string {
    const data = [
        `data-page="${pageKind}"`,
        `data-authorization-url="${attr(oauth.authorizationUrl)}"`,
        `data-token-url="${attr(oauth.tokenUrl)}"`,
        `data-logout-url="${attr(oauth.logoutUrl)}"`,
        `data-client-id="${attr(webClientId ?? "")}"`,
        `data-api-base-url="${attr(apiBaseUrl)}"`,
    ].join(" ");
    if (pageKind === "callback") return `<div id="console" ${data}><h1>Signing in</h1><p id="status">Redeeming the code...</p></div>`;
    return `<div id="console" ${data}>
<h1>Try it</h1>
<p>Sign in with the hosted UI (authorization code with PKCE, as <a href="authentication.html">Authentication</a> describes), then call the API at <code>${attr(apiBaseUrl)}</code> with your token and API key.</p>
<p id="status">Not signed in.</p>
<p><button id="signIn" type="button">Sign in</button> <button id="signOut" type="button">Sign out</button></p>
<form id="tryIt">
<p><label>Method <select id="method"><option>GET</option><option>POST</option><option>PUT</option><option>DELETE</option></select></label>
<label>Path <input id="path" value="/v1/products?limit=5" size="40"></label></p>
<p><label>API key (x-api-key) <input id="apiKey" size="44"></label></p>
<p><label>JSON body<br><textarea id="body" rows="4" cols="60"></textarea></label></p>
<p><button id="send" type="submit">Send</button></p>
</form>
<p>Status: <code id="responseStatus"></code></p>
<pre id="response"></pre>
</div>`;
}

function overviewMarkdown(stack: string, apiBaseUrl: string): string {
    return [
        "# Portcullis API",
        "",
        `A product catalog, orders and sales reports behind API keys, usage plans and Cognito tokens. Version **${API_VERSION}**, served at ${code(apiBaseUrl)} (stack ${code(stack)}).`,
        "",
        "- [Getting started](getting-started.html): an API key, a token and your first call in five minutes.",
        "- [Authentication](authentication.html): scopes, groups and which OAuth flow fits your client.",
        "- [API reference](reference.html): every operation, parameter and schema.",
        "- [Usage plans](tiers.html), [errors](errors.html) and the [changelog](changelog.html).",
        "- The contract: [openapi.json](openapi.json) and [openapi.yaml](openapi.yaml). The TypeScript SDK is `@portcullis/sdk`: [portcullis-sdk.tgz](sdks/portcullis-sdk.tgz), installed with `npm install <this portal>/sdks/portcullis-sdk.tgz` (no dependencies).",
        "- SDKs API Gateway generates for the deployed stage, published on every deploy: [JavaScript](sdks/javascript.zip), [Java](sdks/java.zip), [Android](sdks/android.zip), [Swift](sdks/swift.zip), [Ruby](sdks/ruby.zip). API Gateway generates them from a deployed stage (`scripts/publish-sdks.sh` runs after `pulumi up`), so these links answer 404 in local mode and before the first deploy.",
        "",
        "## Operations",
        "",
        table(["Operation", "Request", "Summary"], ROUTES.map((r) => [r.operationId, code(`${r.method} ${r.path}`), r.summary])),
        "",
    ].join("\n");
}

/** The only remote URL Redoc's bundle loads at run time: the Redocly logo beside "API docs by Redocly". */
export const REDOC_REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
/** An empty SVG in its place, allowed by the CSP's `img-src data:`. */
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";

/**
 * Redoc's bundle with its one run-time fetch from a CDN replaced, so the portal works offline and the CSP never
 * has to block (and log) anything. Throws if the bundle changed and the URL is no longer there exactly once, so an
 * upgrade of `redoc` is looked at rather than silently fetching from elsewhere.
 */
export function offlineRedoc(bundle: string): string {
    const parts = bundle.split(REDOC_REMOTE_LOGO);
    if (parts.length !== 2) throw new Error(`Expected ${REDOC_REMOTE_LOGO} once in Redoc's bundle, found it ${parts.length - 1} times; review the upgrade`);
    if (/https:\/\/cdn\.redoc\.ly/.test(parts.join(""))) throw new Error("Redoc's bundle loads another file from cdn.redoc.ly; review the upgrade");
    return parts.join(EMPTY_SVG);
}

function copy(from: string, outDir: string, to: string, files: string[]): void {
    fs.copyFileSync(from, path.join(outDir, to));
    files.push(to);
}
