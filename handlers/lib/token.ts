import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from "jose";
import { RESOURCE_SERVER } from "../../contract/access";

/** Why a token was refused; logged as the only detail of a refusal (never the token or its claims). */
export type RefusalReason =
    | "MissingToken"
    | "Malformed"
    | "Expired"
    | "NotYetValid"
    | "BadSignature"
    | "UnknownKey"
    | "BadAlgorithm"
    | "BadIssuer"
    | "NotAccessToken"
    | "UnknownClient"
    | "NoSubject"
    | "KeySetUnavailable"
    | "Invalid";

/** A refused token: the authorizer answers `Unauthorized`, whatever the reason. */
export class TokenRefusedError extends Error {
    constructor(readonly reason: RefusalReason) {
        super(reason);
        this.name = "TokenRefusedError";
    }
}

/** Who a verified access token speaks for. */
export interface VerifiedToken {
    principal: string;
    clientId: string;
    groups: string[];
    /** API scopes without the `portcullis/` prefix; other resource servers' and OIDC scopes are dropped. */
    scopes: string[];
}

/** What the verifier checks against. */
export interface VerifierOptions {
    issuer: string;
    jwksUrl: string;
    allowedClientIds: readonly string[];
    /** Seconds of clock skew tolerated on `exp`, `nbf` and `iat`. Default 5. */
    clockToleranceSeconds?: number;
    /** The current time, for tests; default the clock. */
    currentDate?: () => Date;
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(value: string | undefined): string | undefined {
    const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(value ?? "");
    return m === null ? undefined : m[1];
}

function reasonOf(err: unknown): RefusalReason {
    if (err instanceof TokenRefusedError) return err.reason;
    if (err instanceof errors.JWTExpired) return "Expired";
    if (err instanceof errors.JWTClaimValidationFailed) {
        if (err.claim === "nbf") return "NotYetValid";
        if (err.claim === "iss") return "BadIssuer";
        return "Invalid";
    }
    if (err instanceof errors.JWSSignatureVerificationFailed) return "BadSignature";
    if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return "UnknownKey";
    if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return "BadAlgorithm";
    if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return "KeySetUnavailable";
    if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return "Malformed";
    return "Invalid";
}

/**
 * Builds a verifier of Cognito access tokens. The key set is created once (per container) and caches the pool's
 * keys, fetching again only for an unknown `kid` (with jose's cooldown, so garbage kids cannot hammer Cognito).
 */
export function createVerifier(opts: VerifierOptions): (token: string | undefined) => Promise<VerifiedToken> {
    const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { timeoutDuration: 3_000 });
    const prefix = `${RESOURCE_SERVER}/`;
    return async (token) => {
        if (token === undefined) throw new TokenRefusedError("MissingToken");
        let payload: JWTPayload;
        try {
            ({ payload } = await jwtVerify(token, jwks, {
                algorithms: ["RS256"],
                issuer: opts.issuer,
                clockTolerance: opts.clockToleranceSeconds ?? 5,
                currentDate: opts.currentDate?.(),
                requiredClaims: ["exp", "iat", "sub"],
            }));
        } catch (err) {
            throw new TokenRefusedError(reasonOf(err));
        }
        if (payload.token_use !== "access") throw new TokenRefusedError("NotAccessToken");
        const clientId = payload.client_id;
        if (typeof clientId !== "string" || !opts.allowedClientIds.includes(clientId)) throw new TokenRefusedError("UnknownClient");
        if (typeof payload.sub !== "string" || payload.sub === "") throw new TokenRefusedError("NoSubject");
        const groupsClaim = payload["cognito:groups"];
        const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === "string") : [];
        const scopes = (typeof payload.scope === "string" ? payload.scope.split(" ") : [])
            .filter((s) => s.startsWith(prefix))
            .map((s) => s.slice(prefix.length));
        return { principal: payload.sub, clientId, groups, scopes };
    };
}
