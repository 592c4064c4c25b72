import { createHash, createHmac } from "crypto";
import { sameSecret } from "./oauth2";
import { Sessions, UserGrant } from "./sessions";
import { AuthenticationResult, COGNITO_ADMIN_SCOPE, TokenIssuer } from "./tokens";
import { IdpClient, IdpFlow, IdpUser } from "./types";

/** A Cognito Identity Provider API error: `__type` is the name the SDK turns into its exception class. */
export class CognitoError extends Error {
    /**
     * @param type - Cognito's error name, e.g. `NotAuthorizedException`.
     * @param message - the message Cognito sends.
     * @param status - HTTP status; Cognito uses 400 for client errors.
     */
    constructor(readonly type: string, message: string, readonly status = 400) {
        super(message);
        this.name = "CognitoError";
    }
}

/** The parts of the pool InitiateAuth and the OAuth endpoints need. */
export interface Pool {
    clients: readonly IdpClient[];
    users: readonly IdpUser[];
    groupScopes: Record<string, string[]>;
    issuer: TokenIssuer;
    sessions: Sessions;
    /** Prefix of the API's scopes (`<resourceServer>/...`), which only group membership grants. */
    resourceServer: string;
}

/** InitiateAuth's flows and the client setting each needs (`ALLOW_<flow>`). */
const AUTH_FLOWS: Record<string, IdpFlow> = { USER_PASSWORD_AUTH: "user_password", REFRESH_TOKEN_AUTH: "refresh_token", REFRESH_TOKEN: "refresh_token" };

/**
 * Tokens for `grant`: the access token carries the granted scopes that are not the API's, plus the API scopes of
 * the user's groups, as our pre-token-generation trigger makes them (handlers/preTokenGeneration.ts suppresses
 * every other API scope). With `refresh`, a new refresh token standing for the same grant is added.
 */
export async function tokensFor(pool: Pool, user: IdpUser, grant: UserGrant, refresh: boolean): Promise<AuthenticationResult> {
    const groupScopes = user.groups.flatMap((group) => pool.groupScopes[group] ?? []);
    const scopes = [...grant.scopes.filter((s) => !s.startsWith(`${pool.resourceServer}/`)), ...groupScopes];
    const tokens = await pool.issuer.forUser({ ...user, sub: user.sub ?? subFor(user.username) }, grant.clientId, scopes);
    return refresh ? { ...tokens, RefreshToken: pool.sessions.issueRefreshToken(grant) } : tokens;
}

/**
 * `InitiateAuth` with `USER_PASSWORD_AUTH` or `REFRESH_TOKEN_AUTH`, each only on a client that allows it (else
 * Cognito's `InvalidParameterException: <FLOW> flow not enabled for this client`), answering as a pool with
 * user-existence errors prevented: an unknown user and a wrong password both get `NotAuthorizedException:
 * Incorrect username or password.`
 *
 * @param body - the JSON request.
 * @param pool - clients, users, group scopes and the token issuer.
 */
export async function initiateAuth(body: unknown, pool: Pool): Promise<{ AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, string> }> {
    checkShape(body);
    const clientId = body.ClientId ?? "";
    const client = pool.clients.find((c) => c.clientId === clientId);
    if (!client) throw new CognitoError("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
    const flow = typeof body.AuthFlow === "string" && Object.hasOwn(AUTH_FLOWS, body.AuthFlow) ? body.AuthFlow : undefined;
    if (flow === undefined) {
        throw new CognitoError("InvalidParameterException", `Initiate Auth method not supported.`);
    }
    if (!client.flows.includes(AUTH_FLOWS[flow])) {
        throw new CognitoError("InvalidParameterException", `${flow === "REFRESH_TOKEN" ? "REFRESH_TOKEN_AUTH" : flow} flow not enabled for this client`);
    }
    const params: Record<string, string | undefined> = body.AuthParameters ?? {};
    if (flow !== "USER_PASSWORD_AUTH") return { AuthenticationResult: await refreshAuth(client, params.REFRESH_TOKEN, pool), ChallengeParameters: {} };
    const username = params.USERNAME;
    if (!username) throw new CognitoError("InvalidParameterException", "Missing required parameter USERNAME");
    if (client.clientSecret !== undefined) checkSecretHash(client, username, params.SECRET_HASH);
    const user = pool.users.find((u) => u.username === username);
    if (!user || !sameSecret(user.password, params.PASSWORD ?? "")) {
        throw new CognitoError("NotAuthorizedException", "Incorrect username or password.");
    }
    // Tokens from Cognito's own API carry its admin scope, which lets the user call GetUser and the like.
    const AuthenticationResult = await tokensFor(pool, user, { username, clientId, scopes: [COGNITO_ADMIN_SCOPE] }, true);
    return { AuthenticationResult, ChallengeParameters: {} };
}

/** InitiateAuth's request as the service model types it: strings, and a map of strings. */
interface InitiateAuthRequest {
    ClientId?: string;
    AuthFlow?: string;
    AuthParameters?: Record<string, string>;
}

/**
 * Refuses a body the service model cannot read (not an object, a non-string where a string belongs) the way the
 * service does: 400 `SerializationException`, never a TypeError answered as 500.
 */
function checkShape(body: unknown): asserts body is InitiateAuthRequest {
    const wrong = (what: string) => new CognitoError("SerializationException", `Could not read the request: ${what}.`);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw wrong("the body is not a JSON object");
    const b = body as Record<string, unknown>;
    for (const name of ["ClientId", "AuthFlow"]) {
        if (b[name] !== undefined && b[name] !== null && typeof b[name] !== "string") throw wrong(`${name} is not a string`);
    }
    const params = b.AuthParameters;
    if (params === undefined || params === null) return;
    if (typeof params !== "object" || Array.isArray(params)) throw wrong("AuthParameters is not a map");
    if (Object.values(params).some((v) => typeof v !== "string")) throw wrong("an AuthParameters value is not a string");
}

/** `REFRESH_TOKEN_AUTH`: new tokens for a refresh token this client was issued, the user's groups read afresh. */
async function refreshAuth(client: IdpClient, token: string | undefined, pool: Pool): Promise<AuthenticationResult> {
    if (!token) throw new CognitoError("InvalidParameterException", "Missing required parameter REFRESH_TOKEN");
    const grant = pool.sessions.refreshGrant(token);
    const user = grant && pool.users.find((u) => u.username === grant.username);
    if (!grant || grant.clientId !== client.clientId || !user) throw new CognitoError("NotAuthorizedException", "Invalid Refresh Token");
    return tokensFor(pool, user, grant, false);
}

function checkSecretHash(client: IdpClient, username: string, given: string | undefined): void {
    if (given === undefined) {
        throw new CognitoError("NotAuthorizedException", `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
    }
    const expected = secretHash(username, client.clientId, client.clientSecret ?? "");
    if (!sameSecret(expected, given)) {
        throw new CognitoError("NotAuthorizedException", `Unable to verify secret hash for client ${client.clientId}`);
    }
}

/**
 * Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client id)).
 *
 * @param username - the user signing in.
 * @param clientId - the app client.
 * @param clientSecret - the app client's secret.
 */
export function secretHash(username: string, clientId: string, clientSecret: string): string {
    return createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}

/** A UUID-shaped sub derived from the username, so a user keeps one identity across restarts. */
function subFor(username: string): string {
    const hex = createHash("sha256").update(`portcullis-local-user:${username}`).digest("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
