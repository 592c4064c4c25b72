import * as fs from "fs";
import * as path from "path";
import { API_VERSION, fullScope, GROUP_SCOPES, GROUPS, ROUTES, SCOPES, SERVICE_CLIENT_SCOPES, type Route } from "../contract";
import type { StackConfig } from "../config";
import { code, fill, table } from "./markdown";

/** Where the guides' OAuth endpoints are; derived from the stack's Cognito domain unless given. */
export interface OAuthUrls {
    authorizationUrl: string;
    tokenUrl: string;
    /** The hosted UI's sign-out endpoint. */
    logoutUrl: string;
}

/** The Cognito hosted domain's OAuth endpoints for a stack. */
export function cognitoOAuthUrls(config: StackConfig): OAuthUrls {
    const base = `https://${config.auth.domainPrefix}.auth.${config.region}.amazoncognito.com`;
    return { authorizationUrl: `${base}/oauth2/authorize`, tokenUrl: `${base}/oauth2/token`, logoutUrl: `${base}/logout` };
}

/** Values every guide may use as `{{name}}`. */
export interface GuideContext {
    stack: string;
    config: StackConfig;
    apiBaseUrl: string;
    oauth: OAuthUrls;
}

const GUIDES_DIR = path.join(__dirname, "guides");
const read = (name: string): string => fs.readFileSync(path.join(GUIDES_DIR, name), "utf8");

function values(ctx: GuideContext): Record<string, string> {
    return {
        apiVersion: API_VERSION,
        apiBaseUrl: ctx.apiBaseUrl.replace(/\/+$/, ""),
        // The portal is served at /docs of the API's origin, locally and deployed.
        sdkTarballUrl: `${ctx.apiBaseUrl.replace(/\/+$/, "")}/docs/sdks/portcullis-sdk.tgz`,
        stack: ctx.stack,
        authorizationUrl: ctx.oauth.authorizationUrl,
        tokenUrl: ctx.oauth.tokenUrl,
        accessTokenMinutes: String(ctx.config.auth.accessTokenMinutes),
        region: ctx.config.region,
        stageName: ctx.config.gateway.stageName,
        serviceScopes: SERVICE_CLIENT_SCOPES.map(fullScope).join(" "),
    };
}

/** The getting-started guide in Markdown, pointed at the API the portal documents. */
export function gettingStartedMarkdown(ctx: GuideContext): string {
    return fill(read("getting-started.md"), values(ctx));
}

/** The authentication guide in Markdown, its tables generated from the contract's routes, scopes and groups. */
export function authenticationMarkdown(ctx: GuideContext): string {
    const jwt = (r: Route) => (r.security.kind === "jwt" ? r.security : undefined);
    const scopeTable = table(
        ["Scope", "In a token", "Groups that get it", "Operations"],
        SCOPES.map((s) => [
            code(s),
            code(fullScope(s)),
            GROUPS.filter((g) => GROUP_SCOPES[g].includes(s)).join(", ") || "none",
            ROUTES.filter((r) => jwt(r)?.scopes.includes(s)).map((r) => r.operationId).join(", "),
        ]),
    );
    const groupTable = table(["Group", "Scopes"], GROUPS.map((g) => [code(g), GROUP_SCOPES[g].join(", ")]));
    const operationTable = table(
        ["Operation", "Request", "Credentials", "Scopes", "Groups", "API key"],
        ROUTES.map((r) => [
            r.operationId,
            code(`${r.method} ${r.path}`),
            r.security.kind === "jwt" ? "access token" : r.security.kind === "iam" ? "SigV4" : "none",
            jwt(r)?.scopes.join(", ") ?? "",
            jwt(r)?.groups?.join(", ") ?? "",
            r.apiKeyRequired ? "yes" : "no",
        ]),
    );
    return fill(read("authentication.md"), { ...values(ctx), scopeTable, groupTable, operationTable });
}
