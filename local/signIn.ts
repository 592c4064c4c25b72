import { randomBytes } from "crypto";
import { s256 } from "./idp/sessions";

/** Where a hosted-UI sign-in goes: the pool's OAuth endpoints and the web client. */
export interface HostedUiClient {
    /** `.../oauth2/authorize` of the pool's domain. */
    authorizationEndpoint: string;
    /** `.../oauth2/token` of the pool's domain. */
    tokenEndpoint: string;
    clientId: string;
    /** One of the client's callback URLs; the code is read from the redirect, the URL itself is never fetched. */
    redirectUri: string;
    /** Scopes to ask for; default the client's all (no `scope` parameter). */
    scope?: string;
}

/** What the token endpoint returns for the code grant. */
export interface OAuthTokens {
    access_token: string;
    id_token: string;
    refresh_token?: string;
    expires_in: number;
    token_type: string;
}

/**
 * Signs a user in through the hosted UI as a browser does: `/oauth2/authorize` with a PKCE S256 challenge, the
 * login form, the redirect's `code`, then the token endpoint with the verifier. Used to seed local mode as a
 * person would sign in, with the web client's own flow.
 *
 * @param client - endpoints, client id and callback URL.
 * @param username - the user.
 * @param password - their password.
 */
export async function signInThroughHostedUi(client: HostedUiClient, username: string, password: string): Promise<OAuthTokens> {
    const verifier = randomBytes(32).toString("base64url");
    const state = randomBytes(12).toString("base64url");
    const authorize = new URL(client.authorizationEndpoint);
    const params: Record<string, string> = { response_type: "code", client_id: client.clientId, redirect_uri: client.redirectUri, state, code_challenge: s256(verifier), code_challenge_method: "S256" };
    if (client.scope !== undefined) params.scope = client.scope;
    for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);
    const toLogin = await fetch(authorize, { redirect: "manual" });
    const loginUrl = new URL(location(toLogin, "/oauth2/authorize"), authorize);
    const form = new URLSearchParams(loginUrl.searchParams);
    form.set("username", username);
    form.set("password", password);
    const posted = await fetch(new URL("/login", loginUrl), { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
    const back = new URL(location(posted, `sign-in of ${username}`));
    if (back.searchParams.get("state") !== state) throw new Error(`Sign-in of ${username}: the redirect carried another state`);
    const code = back.searchParams.get("code");
    if (code === null) throw new Error(`Sign-in of ${username} failed: ${back.searchParams.get("error") ?? "no code in the redirect"}`);
    const response = await fetch(client.tokenEndpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "authorization_code", client_id: client.clientId, code, redirect_uri: client.redirectUri, code_verifier: verifier }),
    });
    const body = (await response.json()) as OAuthTokens & { error?: string };
    if (!response.ok) throw new Error(`Token request for ${username} failed: ${response.status} ${body.error ?? ""}`);
    return body;
}

function location(response: Response, what: string): string {
    const target = response.headers.get("location");
    if (response.status !== 302 || target === null) throw new Error(`${what} answered ${response.status} instead of a redirect`);
    return target;
}
