/** An app client of the user pool. */
export interface IdpClient {
    clientId: string;
    /** When set, the client must authenticate (Basic or body on /oauth2/token, SECRET_HASH on InitiateAuth). */
    clientSecret?: string;
    name: string;
    /**
     * What the client allows, as its deployed twin's settings do (components/authLayer.ts): `client_credentials`
     * and `code` are OAuth flows (`AllowedOAuthFlows`), `user_password` and `refresh_token` explicit auth flows
     * (`ALLOW_USER_PASSWORD_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`; refresh covers the token endpoint's refresh grant).
     */
    flows: IdpFlow[];
    /** Scopes the client may request (`AllowedOAuthScopes`), e.g. `portcullis/catalog.read` or `openid`. */
    scopes: string[];
    /** Where the hosted UI may send a code (`CallbackURLs`); compared exactly, as Cognito does. Default none. */
    callbackUrls?: string[];
    /** Where `/logout` may redirect (`LogoutURLs`); compared exactly. Default none. */
    logoutUrls?: string[];
}

/** A flow an app client may allow. */
export type IdpFlow = "client_credentials" | "code" | "user_password" | "refresh_token";

/** A user of the pool. */
export interface IdpUser {
    username: string;
    password: string;
    /** Default: a UUID derived from the username, stable across restarts like a real user's. */
    sub?: string;
    email: string;
    groups: string[];
}

/** Options of `startIdentityProvider`. */
export interface IdentityProviderOptions {
    /** Port to listen on. Default `0` (any free port). */
    port?: number;
    region: string;
    /** The issuer's path segment: `REGION_ID` as Cognito names pools, or the id a program under mocks names. */
    userPoolId: string;
    /** The resource server identifier that prefixes custom scopes, e.g. `portcullis`. */
    resourceServer: string;
    clients: IdpClient[];
    users: IdpUser[];
    /** Group -> full scope names added to a member's access token, as our pre-token-generation V2 trigger does. */
    groupScopes: Record<string, string[]>;
    accessTokenMinutes: number;
    /** Where the signing key is kept so tokens survive a restart. Default: none, a new key per start. */
    persistDir?: string;
}
