import { timingSafeEqual } from "crypto";
import { tokensFor, type Pool } from "./cognitoApi";
import { s256 } from "./sessions";
import type { AuthenticationResult } from "./tokens";
import type { IdpClient, IdpFlow } from "./types";

/** An answer of the token endpoint: status and JSON body. */
export interface OAuthResponse {
    status: number;
    body: Record<string, unknown>;
}

const oauthError = (status: number, error: string): OAuthResponse => ({ status, body: { error } });

/**
 * Serves `POST /oauth2/token` as Cognito's token endpoint does, for the grants the client allows:
 * `client_credentials`, `authorization_code` (the hosted UI's code, with the PKCE verifier when the code was asked
 * for with a challenge) and `refresh_token`.
 *
 * A confidential client authenticates with HTTP Basic or `client_id`/`client_secret` in the form; a public client
 * names itself with `client_id`. Errors are Cognito's bare `{"error": ...}`: `invalid_client` (401, RFC 6749 5.2)
 * for unknown clients and bad secrets, and 400 for `invalid_request`, `unsupported_grant_type`,
 * `unauthorized_client` (flow not enabled), `invalid_scope` and `invalid_grant` (a code or refresh token that is
 * unknown, spent, expired, for another client or redirect URI, or whose PKCE verifier does not match).
 *
 * @param form - the url-encoded request body.
 * @param authorization - the request's `Authorization` header, if any.
 * @param pool - the pool's clients, users, sessions and token issuer.
 */
export async function tokenEndpoint(form: URLSearchParams, authorization: string | undefined, pool: Pool): Promise<OAuthResponse> {
    const credentials = clientCredentials(form, authorization);
    if (!credentials) return oauthError(400, "invalid_request");
    const client = pool.clients.find((c) => c.clientId === credentials.id);
    const authenticated = client !== undefined && (client.clientSecret === undefined ? credentials.secret === "" : sameSecret(client.clientSecret, credentials.secret));
    if (!client || !authenticated) return oauthError(401, "invalid_client");
    const grant = form.get("grant_type");
    if (grant === null) return oauthError(400, "invalid_request");
    const flow = GRANT_FLOWS[grant];
    if (flow === undefined) return oauthError(400, "unsupported_grant_type");
    if (!client.flows.includes(flow)) return oauthError(400, "unauthorized_client");
    if (grant === "authorization_code") return codeGrant(form, client, pool);
    if (grant === "refresh_token") return refreshGrant(form, client, pool);
    const requested = form.get("scope")?.split(" ").filter((s) => s !== "");
    // No scope parameter means every scope the client is allowed, as Cognito does.
    const scopes = requested && requested.length > 0 ? requested : client.scopes;
    if (scopes.length === 0 || scopes.some((s) => !client.scopes.includes(s))) return oauthError(400, "invalid_scope");
    const access_token = await pool.issuer.forClient(client.clientId, scopes);
    return { status: 200, body: { access_token, expires_in: pool.issuer.expiresIn, token_type: "Bearer" } };
}

/** Each grant type and the client setting it needs. */
const GRANT_FLOWS: Record<string, IdpFlow | undefined> = { client_credentials: "client_credentials", authorization_code: "code", refresh_token: "refresh_token" };

async function codeGrant(form: URLSearchParams, client: IdpClient, pool: Pool): Promise<OAuthResponse> {
    const code = form.get("code");
    const redirectUri = form.get("redirect_uri");
    if (code === null || redirectUri === null) return oauthError(400, "invalid_request");
    const pending = pool.sessions.redeemCode(code);
    const verifier = form.get("code_verifier");
    if (!pending || pending.clientId !== client.clientId || pending.redirectUri !== redirectUri) return oauthError(400, "invalid_grant");
    if (pending.codeChallenge !== undefined && (verifier === null || !sameSecret(pending.codeChallenge, s256(verifier)))) return oauthError(400, "invalid_grant");
    const user = pool.users.find((u) => u.username === pending.username);
    if (!user) return oauthError(400, "invalid_grant");
    const grant = { username: pending.username, clientId: client.clientId, scopes: pending.scopes };
    return oauthTokens(await tokensFor(pool, user, grant, client.flows.includes("refresh_token")));
}

async function refreshGrant(form: URLSearchParams, client: IdpClient, pool: Pool): Promise<OAuthResponse> {
    const token = form.get("refresh_token");
    if (token === null) return oauthError(400, "invalid_request");
    const grant = pool.sessions.refreshGrant(token);
    const user = grant && pool.users.find((u) => u.username === grant.username);
    if (!grant || grant.clientId !== client.clientId || !user) return oauthError(400, "invalid_grant");
    return oauthTokens(await tokensFor(pool, user, grant, false));
}

/** InitiateAuth's result in the token endpoint's snake_case shape. */
function oauthTokens(t: AuthenticationResult): OAuthResponse {
    const refresh = t.RefreshToken === undefined ? {} : { refresh_token: t.RefreshToken };
    return { status: 200, body: { access_token: t.AccessToken, id_token: t.IdToken, ...refresh, expires_in: t.ExpiresIn, token_type: "Bearer" } };
}

/** `decodeURIComponent`, or undefined for a malformed escape (`%zz`, a lone `%`) instead of a URIError. */
const uriDecoded = (text: string): string | undefined => {
    try {
        return decodeURIComponent(text);
    } catch {
        return undefined;
    }
};

/** The client's id and secret, or undefined when they are missing or malformed (the caller answers `invalid_request`). */
function clientCredentials(form: URLSearchParams, authorization: string | undefined) {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
    if (basic) {
        const decoded = Buffer.from(basic[1], "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        if (colon < 0) return undefined;
        const [id, secret] = [uriDecoded(decoded.slice(0, colon)), uriDecoded(decoded.slice(colon + 1))];
        return id === undefined || secret === undefined ? undefined : { id, secret };
    }
    const id = form.get("client_id");
    return id === null ? undefined : { id, secret: form.get("client_secret") ?? "" };
}

/** Compares secrets in constant time, so response timing does not reveal how much of a guess was right. */
export function sameSecret(expected: string, given: string): boolean {
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
}
