import type * as http from "http";
import { type Pool } from "./cognitoApi";
import { sameSecret } from "./oauth2";
import type { IdpClient } from "./types";

/** An answer of a hosted-UI page: a redirect, or an HTML page with its status. */
export type HostedUiResponse =
    | { kind: "redirect"; location: string; cookie?: string }
    | { kind: "page"; status: number; html: string; cookie?: string };

/** Cognito's hosted-UI session cookie name. */
export const SESSION_COOKIE = "cognito";

/** The parameters of `/oauth2/authorize` that travel through the login page. */
const AUTHORIZE_PARAMS = ["response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method", "nonce"] as const;

/**
 * `GET /oauth2/authorize` (response_type=code only) and the login page behind it, as Cognito's hosted UI answers:
 * an unknown client or a redirect URI not among the client's callback URLs (compared exactly) goes to the error
 * page (`/error?error=redirect_mismatch`), never to the given URI; other mistakes go back to the redirect URI
 * with `error=` (`unsupported_response_type`, `unauthorized_client` when the client does not allow the code flow,
 * `invalid_scope`, `invalid_request` for a PKCE method other than S256 or a public client without a challenge).
 * A browser already signed in (session cookie) gets its code at once; otherwise it goes to `/login`.
 *
 * @param query - the request's query.
 * @param cookie - the hosted-UI session cookie, if any.
 * @param pool - clients, users and sessions.
 * @param loginPath - where the login page is served.
 */
export function authorize(query: URLSearchParams, cookie: string | undefined, pool: Pool, loginPath = "/login"): HostedUiResponse {
    const checked = checkAuthorize(query, pool);
    if ("response" in checked) return checked.response;
    const username = pool.sessions.browserUser(cookie);
    if (username !== undefined && pool.users.some((u) => u.username === username)) return issueCode(query, checked.client, username, pool);
    return { kind: "redirect", location: `${loginPath}?${carried(query)}` };
}

/** `GET /login`: the sign-in form, carrying the authorize parameters in hidden fields. */
export function loginPage(query: URLSearchParams, pool: Pool, error?: string): HostedUiResponse {
    const checked = checkAuthorize(query, pool);
    if ("response" in checked) return checked.response;
    return { kind: "page", status: error ? 400 : 200, html: loginHtml(query, checked.client, error) };
}

/**
 * `POST /login`: checks the password (an unknown user and a wrong one get the same message, as a pool that
 * prevents user-existence errors answers), starts the browser's session and redirects to the callback with a code.
 */
export function login(form: URLSearchParams, pool: Pool): HostedUiResponse {
    const checked = checkAuthorize(form, pool);
    if ("response" in checked) return checked.response;
    const username = form.get("username") ?? "";
    const user = pool.users.find((u) => u.username === username);
    if (!user || !sameSecret(user.password, form.get("password") ?? "")) return loginPage(form, pool, "Incorrect username or password.");
    const answer = issueCode(form, checked.client, user.username, pool);
    return { ...answer, cookie: pool.sessions.signInBrowser(user.username) };
}

/**
 * `GET /logout`: ends the browser's hosted-UI session and redirects to `logout_uri`, which must be one of the
 * client's logout URLs exactly; otherwise the error page, as Cognito does. (Tokens already issued stay valid until
 * they expire, as in Cognito; revoking a refresh token is `/oauth2/revoke`'s job.)
 */
export function logout(query: URLSearchParams, cookie: string | undefined, pool: Pool): HostedUiResponse {
    const client = pool.clients.find((c) => c.clientId === query.get("client_id"));
    const target = query.get("logout_uri");
    if (!client || target === null || !(client.logoutUrls ?? []).includes(target)) return errorRedirect("redirect_mismatch");
    pool.sessions.signOutBrowser(cookie);
    return { kind: "redirect", location: target, cookie: "" };
}

/** `GET /error`: the hosted UI's error page. */
export function errorPage(query: URLSearchParams): HostedUiResponse {
    const error = query.get("error") ?? "unknown_error";
    return { kind: "page", status: 400, html: page("Error", `<h1>An error was encountered with the requested page.</h1><p id="error">${escape(error)}</p>`) };
}

/** Writes a {@link HostedUiResponse}, with the CSP and cache headers a sign-in page needs. */
export function sendHostedUi(res: http.ServerResponse, answer: HostedUiResponse): void {
    const headers: Record<string, string> = { "cache-control": "no-store" };
    if (answer.cookie !== undefined) {
        headers["set-cookie"] = answer.cookie === ""
            ? `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`
            : `${SESSION_COOKIE}=${answer.cookie}; Path=/; HttpOnly; SameSite=Lax`;
    }
    if (answer.kind === "redirect") {
        res.writeHead(302, { ...headers, location: answer.location }).end();
        return;
    }
    res.writeHead(answer.status, {
        ...headers,
        "content-type": "text/html; charset=utf-8",
        // No form-action: Chromium applies it to the redirect that follows the post, which goes to the app's origin.
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    }).end(answer.html);
}

/** The hosted-UI session cookie of a request. */
export function sessionCookie(req: http.IncomingMessage): string | undefined {
    for (const part of (req.headers.cookie ?? "").split(";")) {
        const [name, ...value] = part.trim().split("=");
        if (name === SESSION_COOKIE) return value.join("=");
    }
    return undefined;
}

function checkAuthorize(query: URLSearchParams, pool: Pool): { client: IdpClient } | { response: HostedUiResponse } {
    const client = pool.clients.find((c) => c.clientId === query.get("client_id"));
    const redirectUri = query.get("redirect_uri");
    if (!client || redirectUri === null || !(client.callbackUrls ?? []).includes(redirectUri)) return { response: errorRedirect("redirect_mismatch") };
    const back = (error: string) => ({ response: redirectTo(redirectUri, { error, state: query.get("state") }) });
    if (query.get("response_type") !== "code") return back("unsupported_response_type");
    if (!client.flows.includes("code")) return back("unauthorized_client");
    if (requestedScopes(query, client).some((s) => !client.scopes.includes(s))) return back("invalid_scope");
    const challenge = query.get("code_challenge");
    const method = query.get("code_challenge_method");
    // Cognito supports S256 only. Public clients must use PKCE here: the code would otherwise be a bearer secret
    // in a browser's history, and the portal always sends a challenge.
    if (challenge !== null && method !== "S256") return back("invalid_request");
    if (challenge === null && (method !== null || client.clientSecret === undefined)) return back("invalid_request");
    return { client };
}

function requestedScopes(query: URLSearchParams, client: IdpClient): string[] {
    const asked = (query.get("scope") ?? "").split(/[ +]/).filter((s) => s !== "");
    // Without a scope parameter Cognito grants every scope the client allows.
    return asked.length > 0 ? asked : client.scopes;
}

function issueCode(query: URLSearchParams, client: IdpClient, username: string, pool: Pool): HostedUiResponse {
    const redirectUri = query.get("redirect_uri")!;
    const code = pool.sessions.issueCode({
        username,
        clientId: client.clientId,
        scopes: requestedScopes(query, client),
        redirectUri,
        codeChallenge: query.get("code_challenge") ?? undefined,
        nonce: query.get("nonce") ?? undefined,
    });
    return redirectTo(redirectUri, { code, state: query.get("state") });
}

function redirectTo(uri: string, params: Record<string, string | null>): HostedUiResponse {
    const url = new URL(uri);
    for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
    return { kind: "redirect", location: url.toString() };
}

const errorRedirect = (error: string): HostedUiResponse => ({ kind: "redirect", location: `/error?error=${encodeURIComponent(error)}` });

function carried(query: URLSearchParams): string {
    const out = new URLSearchParams();
    for (const k of AUTHORIZE_PARAMS) {
        const v = query.get(k);
        if (v !== null) out.set(k, v);
    }
    return out.toString();
}

function loginHtml(query: URLSearchParams, client: IdpClient, error: string | undefined): string {
    const hidden = AUTHORIZE_PARAMS.map((k) => [k, query.get(k)] as const)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${escape(v!)}">`)
        .join("\n");
    return page(
        "Sign in",
        `<h1>Sign in</h1>
<p>Local identity provider, app client <code>${escape(client.name)}</code>.</p>
${error ? `<p id="loginErrorMessage" role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/login">
${hidden}
<label>Username <input id="signInFormUsername" name="username" autocomplete="username" required></label>
<label>Password <input id="signInFormPassword" name="password" type="password" autocomplete="current-password" required></label>
<button type="submit" name="signInSubmitButton">Sign in</button>
</form>`,
    );
}

function page(title: string, body: string): string {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label{display:block;margin:.75rem 0}input{width:100%}</style>
</head><body>${body}</body></html>`;
}

function escape(text: string): string {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
