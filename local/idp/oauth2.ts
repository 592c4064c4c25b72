import { timingSafeEqual } from "crypto";
import { TokenIssuer } from "./tokens";
import { IdpClient } from "./types";

/** An answer of the token endpoint: status and JSON body. */
export interface OAuthResponse {
    status: number;
    body: Record<string, unknown>;
}

const oauthError = (status: number, error: string): OAuthResponse => ({ status, body: { error } });

/**
 * Serves `POST /oauth2/token` for `grant_type=client_credentials`, as Cognito's token endpoint does.
 *
 * The client authenticates with HTTP Basic or `client_id`/`client_secret` in the form. Errors are Cognito's bare
 * `{"error": ...}`: `invalid_client` (401, RFC 6749 5.2) for unknown clients and bad secrets, and 400 for
 * `invalid_request`, `unsupported_grant_type`, `unauthorized_client` (flow not enabled) and `invalid_scope`.
 *
 * @param form - the url-encoded request body.
 * @param authorization - the request's `Authorization` header, if any.
 * @param clients - the pool's app clients.
 * @param issuer - signs the token.
 */
export async function clientCredentialsToken(
    form: URLSearchParams,
    authorization: string | undefined,
    clients: readonly IdpClient[],
    issuer: TokenIssuer,
): Promise<OAuthResponse> {
    const credentials = clientCredentials(form, authorization);
    if (!credentials) return oauthError(400, "invalid_request");
    const client = clients.find((c) => c.clientId === credentials.id);
    if (!client || client.clientSecret === undefined || !sameSecret(client.clientSecret, credentials.secret)) {
        return oauthError(401, "invalid_client");
    }
    const grant = form.get("grant_type");
    if (grant === null) return oauthError(400, "invalid_request");
    if (grant !== "client_credentials") return oauthError(400, "unsupported_grant_type");
    if (!client.flows.includes("client_credentials")) return oauthError(400, "unauthorized_client");
    const requested = form.get("scope")?.split(" ").filter((s) => s !== "");
    // No scope parameter means every scope the client is allowed, as Cognito does.
    const scopes = requested && requested.length > 0 ? requested : client.scopes;
    if (scopes.length === 0 || scopes.some((s) => !client.scopes.includes(s))) return oauthError(400, "invalid_scope");
    const access_token = await issuer.forClient(client.clientId, scopes);
    return { status: 200, body: { access_token, expires_in: issuer.expiresIn, token_type: "Bearer" } };
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
