// jose's subpath entry points: the full "jose" entry loads its whole ES module graph (JWE, key generation...),
// which quadrupled the authorizer's cold start for functions it never calls.
import { KeyObject, verify as verifySignature, type webcrypto } from "crypto";
import type { JWTPayload } from "jose";
import { UnsecuredJWT } from "jose/jwt/unsecured";
import { RESOURCE_SERVER } from "../../contract/access";
import { createKeySet } from "./keySet";

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
        this.message = reason;
        this.name = "TokenRefusedError";
    }
}

/** The refusal reason of a thrown value (by name: `instanceof` does not survive closure serialization). */
export function refusalReason(err: unknown): RefusalReason {
    const e = err as { name?: string; reason?: RefusalReason } | null;
    return e?.name === "TokenRefusedError" && typeof e.reason === "string" ? e.reason : "Invalid";
}

/** Who a verified access token speaks for. */
export interface VerifiedToken {
    principal: string;
    clientId: string;
    groups: string[];
    /** API scopes without the `portcullis/` prefix; other resource servers' and OIDC scopes are dropped. */
    scopes: string[];
    /** When the token expires, in milliseconds since the epoch. */
    expiresAtMs: number;
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

/** jose's stable error codes, mapped to refusal reasons. */
const JOSE_REASONS: Readonly<Record<string, RefusalReason>> = {
    ERR_JWT_EXPIRED: "Expired",
    ERR_JWS_SIGNATURE_VERIFICATION_FAILED: "BadSignature",
    ERR_JWKS_NO_MATCHING_KEY: "UnknownKey",
    ERR_JWKS_MULTIPLE_MATCHING_KEYS: "UnknownKey",
    ERR_JOSE_ALG_NOT_ALLOWED: "BadAlgorithm",
    ERR_JOSE_NOT_SUPPORTED: "BadAlgorithm",
    ERR_JWKS_TIMEOUT: "KeySetUnavailable",
    ERR_JWKS_INVALID: "KeySetUnavailable",
    ERR_JWS_INVALID: "Malformed",
    ERR_JWT_INVALID: "Malformed",
};

function reasonOf(err: unknown): RefusalReason {
    const e = err as { code?: string; claim?: string } | null;
    if (e?.code === "ERR_JWT_CLAIM_VALIDATION_FAILED") return e.claim === "nbf" ? "NotYetValid" : e.claim === "iss" ? "BadIssuer" : "Invalid";
    return JOSE_REASONS[e?.code ?? ""] ?? "Invalid";
}

/** Stands for "no kid" among accepted headers' kids (a kid is a non-empty string in practice, but any string is allowed). */
const NO_KID = "\u0000no kid";

/** The kid of an encoded JOSE header the verifier accepts (RS256, no critical extensions), or a refusal. */
function acceptedHeaderKid(encodedHeader: string): string {
    let header: { alg?: unknown; kid?: unknown; crit?: unknown };
    try {
        header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8"));
    } catch {
        throw new TokenRefusedError("Malformed");
    }
    // No critical extension is understood here, so a token that names one must be refused (RFC 7515 4.1.11).
    if (typeof header !== "object" || header === null || header.crit !== undefined) throw new TokenRefusedError("Malformed");
    if (header.alg !== "RS256") throw new TokenRefusedError("BadAlgorithm");
    return typeof header.kid === "string" ? header.kid : NO_KID;
}

/**
 * Builds a verifier of Cognito access tokens. The key set ({@link createKeySet}) is created once (per container)
 * and caches the pool's keys, fetching again only for an unknown `kid` (with jose's cooldown, so garbage kids
 * cannot hammer Cognito).
 *
 * jose fetches, caches and imports the keys and applies the claim rules; the RS256 signature itself is checked
 * with the synchronous `crypto.verify` on the imported key, because jose 6 verifies through WebCrypto, whose
 * asynchronous thread-pool round trip cost several times the check itself on every fresh token. The claims are
 * then validated by jose (`UnsecuredJWT.decode` of the verified payload under an `alg: none` header), so `exp`,
 * `nbf`, `iat`, `iss` and required claims follow jose's rules exactly as `jwtVerify` applied them.
 */
export function createVerifier(opts: VerifierOptions): (token: string | undefined) => Promise<VerifiedToken> {
    // The key set's default, stated so the key cache below holds a key exactly as long as the key set would.
    const cacheMaxAge = 600_000;
    const jwks = createKeySet(new URL(opts.jwksUrl), { timeoutMs: 3_000, cacheMaxAgeMs: cacheMaxAge });
    const prefix = `${RESOURCE_SERVER}/`;
    const unsecuredHeader = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    // The imported key of each kid jose resolved, for as long as jose would serve it from its own cache: a fresh
    // token then needs no asynchronous lookup. An unknown or expired kid goes to the key set (refetch, cooldown).
    const keys = new Map<string, { key: KeyObject; until: number }>();
    const knownKey = (kid: string | undefined): KeyObject | undefined => {
        const known = kid === undefined ? undefined : keys.get(kid);
        return known !== undefined && known.until > Date.now() ? known.key : undefined;
    };
    const fetchKey = async (header: { alg: string; kid?: string }): Promise<KeyObject> => {
        const key = KeyObject.from((await jwks(header)) as webcrypto.CryptoKey);
        if (header.kid !== undefined) keys.set(header.kid, { key, until: Date.now() + cacheMaxAge });
        return key;
    };
    const claimRules = () => ({
        issuer: opts.issuer,
        clockTolerance: opts.clockToleranceSeconds ?? 5,
        currentDate: opts.currentDate?.(),
        requiredClaims: ["exp", "iat", "sub"],
    });
    // A pool signs every token with one of a few headers (`{"kid":...,"alg":"RS256"}`), so each accepted encoded
    // header is decoded and checked once per container; a hit gives its kid without decoding it again.
    const acceptedHeaders = new Map<string, string>();
    return async (token) => {
        if (token === undefined) throw new TokenRefusedError("MissingToken");
        const [encodedHeader, encodedPayload, signature] = token.split(".");
        let kid = acceptedHeaders.get(encodedHeader);
        if (kid === undefined) {
            kid = acceptedHeaderKid(encodedHeader);
            if (acceptedHeaders.size >= 16) acceptedHeaders.clear();
            acceptedHeaders.set(encodedHeader, kid);
        }
        const alg = "RS256";
        // A known key is used without an await: every turn of the event loop shows in a fresh token's latency.
        let key = knownKey(kid === NO_KID ? undefined : kid);
        if (key === undefined) {
            try {
                key = await fetchKey({ alg, kid: kid === NO_KID ? undefined : kid });
            } catch (err) {
                throw new TokenRefusedError(reasonOf(err));
            }
        }
        const signingInput = token.slice(0, encodedHeader.length + 1 + encodedPayload.length);
        if (!verifySignature("RSA-SHA256", Buffer.from(signingInput), key, Buffer.from(signature, "base64url"))) {
            throw new TokenRefusedError("BadSignature");
        }
        let payload: JWTPayload;
        try {
            ({ payload } = UnsecuredJWT.decode(`${unsecuredHeader}.${encodedPayload}.`, claimRules()));
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
        return { principal: payload.sub, clientId, groups, scopes, expiresAtMs: (payload.exp as number) * 1000 };
    };
}
