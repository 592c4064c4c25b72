import { createHash, randomBytes } from "crypto";

/** Who a code, a refresh token or a hosted-UI session stands for. */
export interface UserGrant {
    username: string;
    clientId: string;
    /** The access token's scopes before group scopes are added: what was asked for and allowed. */
    scopes: string[];
}

/** An authorization code waiting to be redeemed at the token endpoint. */
export interface PendingCode extends UserGrant {
    redirectUri: string;
    /** PKCE: the S256 challenge the code verifier must match; absent when the client sent none. */
    codeChallenge?: string;
    nonce?: string;
    expiresAt: number;
}

/** Cognito's authorization codes are valid for five minutes and once only. */
export const CODE_LIFETIME_MS = 5 * 60_000;

const opaque = (bytes: number) => randomBytes(bytes).toString("base64url");

/**
 * The pool's short-lived state: authorization codes (single use), refresh tokens and the hosted UI's sign-in
 * sessions (the cookie that lets a second `/oauth2/authorize` skip the login page, as Cognito's does). Kept in
 * memory: a restart signs everyone out, which a local pool may do.
 */
export class Sessions {
    private readonly codes = new Map<string, PendingCode>();
    private readonly refreshTokens = new Map<string, UserGrant>();
    private readonly browsers = new Map<string, string>();

    /** @param now - the clock, replaceable in tests. */
    constructor(private readonly now: () => number = Date.now) {}

    /** A new single-use code for `grant`, valid for {@link CODE_LIFETIME_MS}. */
    issueCode(grant: Omit<PendingCode, "expiresAt">): string {
        const code = opaque(24);
        this.codes.set(code, { ...grant, expiresAt: this.now() + CODE_LIFETIME_MS });
        return code;
    }

    /** The code's grant, removing it whatever the outcome (a code is tried once); undefined if unknown or expired. */
    redeemCode(code: string): PendingCode | undefined {
        const pending = this.codes.get(code);
        this.codes.delete(code);
        return pending !== undefined && pending.expiresAt > this.now() ? pending : undefined;
    }

    /** A new opaque refresh token standing for `grant` (Cognito's are encrypted, so opaque to clients too). */
    issueRefreshToken(grant: UserGrant): string {
        const token = opaque(96);
        this.refreshTokens.set(token, grant);
        return token;
    }

    /** The grant behind a refresh token, if it was issued by this pool. */
    refreshGrant(token: string): UserGrant | undefined {
        return this.refreshTokens.get(token);
    }

    /** Starts a hosted-UI session for `username` and returns its cookie value. */
    signInBrowser(username: string): string {
        const id = opaque(24);
        this.browsers.set(id, username);
        return id;
    }

    /** The user a hosted-UI session cookie belongs to. */
    browserUser(id: string | undefined): string | undefined {
        return id === undefined ? undefined : this.browsers.get(id);
    }

    /** Ends a hosted-UI session. */
    signOutBrowser(id: string | undefined): void {
        if (id !== undefined) this.browsers.delete(id);
    }
}

/** PKCE S256 (RFC 7636 4.2): BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256(verifier: string): string {
    return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
