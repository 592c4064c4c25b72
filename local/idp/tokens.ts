import { randomUUID } from "crypto";
import { SignJWT } from "jose";
import { SigningKey } from "./keys";
import { IdpUser } from "./types";

/** Cognito's scope for tokens from its own API (InitiateAuth), which lets a user call GetUser and the like. */
export const COGNITO_ADMIN_SCOPE = "aws.cognito.signin.user.admin";

/** The tokens InitiateAuth returns, in Cognito's `AuthenticationResult` shape (no refresh token on a refresh). */
export interface AuthenticationResult {
    AccessToken: string;
    IdToken: string;
    RefreshToken?: string;
    ExpiresIn: number;
    TokenType: "Bearer";
}

/** Signs Cognito-shaped tokens for one pool. */
export interface TokenIssuer {
    /** Access and id tokens for a user signed in through `clientId`, the access token carrying exactly `scopes`. */
    forUser(user: IdpUser & { sub: string }, clientId: string, scopes: string[]): Promise<{ AccessToken: string; IdToken: string; ExpiresIn: number; TokenType: "Bearer" }>;
    /** A client_credentials access token: `sub` is the client id, no user claims. */
    forClient(clientId: string, scopes: string[]): Promise<string>;
    /** Lifetime of access and id tokens, in seconds. */
    readonly expiresIn: number;
}

/**
 * Creates the token issuer of a pool.
 *
 * Claims follow Cognito's (version 2 access tokens, as issued when a pre-token-generation V2 trigger is attached):
 * a verifier written against these tokens accepts AWS's, and one that rejects these rejects AWS's.
 *
 * @param issuer - `iss` of every token.
 * @param key - the signing key; its `kid` goes in every header.
 * @param accessTokenMinutes - lifetime of access and id tokens.
 */
export function createTokenIssuer(issuer: string, key: SigningKey, accessTokenMinutes: number): TokenIssuer {
    const expiresIn = accessTokenMinutes * 60;
    const sign = (claims: Record<string, unknown>): Promise<string> => {
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({ ...claims, iss: issuer, auth_time: now, iat: now, exp: now + expiresIn, jti: randomUUID() })
            .setProtectedHeader({ alg: "RS256", kid: key.privateJwk.kid })
            .sign(key.privateKey);
    };
    return {
        expiresIn,
        async forUser(user, clientId, scopes) {
            // One sign-in event: Cognito gives the access and id tokens of a sign-in the same origin_jti and event_id.
            const session = { origin_jti: randomUUID(), event_id: randomUUID() };
            const groups = user.groups.length > 0 ? { "cognito:groups": user.groups } : {};
            const scope = [...new Set(scopes)].join(" ");
            const [AccessToken, IdToken] = await Promise.all([
                sign({ sub: user.sub, ...groups, version: 2, client_id: clientId, ...session, token_use: "access", scope, username: user.username }),
                sign({
                    sub: user.sub, ...groups, email_verified: true, "cognito:username": user.username, aud: clientId,
                    ...session, token_use: "id", email: user.email,
                }),
            ]);
            return { AccessToken, IdToken, ExpiresIn: expiresIn, TokenType: "Bearer" };
        },
        forClient(clientId, scopes) {
            return sign({ sub: clientId, token_use: "access", scope: scopes.join(" "), version: 2, client_id: clientId });
        },
    };
}
