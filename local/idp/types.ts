/** An app client of the user pool. */
export interface IdpClient {
    clientId: string;
    /** When set, the client must authenticate (Basic or body on /oauth2/token, SECRET_HASH on InitiateAuth). */
    clientSecret?: string;
    name: string;
    /** `client_credentials` on /oauth2/token, `user_password` for InitiateAuth USER_PASSWORD_AUTH. */
    flows: ("client_credentials" | "user_password")[];
    /** Full scope names the client may request, e.g. `portcullis/catalog.read`. */
    scopes: string[];
}

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
