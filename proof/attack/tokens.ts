import { createHmac, createPublicKey, randomUUID } from "crypto";
import { SignJWT, type JWK } from "jose";

/**
 * Bad tokens, derived from a good one. Every derivation keeps the token well-formed (three base64url parts) so it
 * reaches the authorizer's verification instead of being refused for its shape. With the pool's private key
 * (local only), claim attacks are properly signed, so they test the claim check itself rather than the signature.
 */

/** The pool's private key, when the battery may sign (local stacks). */
export interface Signer {
    key: Parameters<SignJWT["sign"]>[0];
    kid: string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const parts = (token: string): [Record<string, unknown>, Record<string, unknown>, string] => {
    const [h, p, s] = token.split(".");
    return [JSON.parse(Buffer.from(h, "base64url").toString()), JSON.parse(Buffer.from(p, "base64url").toString()), s];
};

/** The token's claims. */
export const claimsOf = (token: string): Record<string, unknown> => parts(token)[1];

/** The same header and payload with one signature byte changed. */
export function forgedSignature(token: string): string {
    const [h, p, s] = token.split(".");
    const sig = Buffer.from(s, "base64url");
    sig[Math.floor(sig.length / 2)] ^= 0x01;
    return `${h}.${p}.${sig.toString("base64url")}`;
}

/** The original signature over changed claims (or header). */
export function tampered(token: string, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const [h, p, s] = parts(token);
    return `${b64({ ...h, ...header })}.${b64({ ...p, ...claims })}.${s}`;
}

/** The claims under `alg: none` with an empty signature. */
export function algNone(token: string): string {
    const [, p] = parts(token);
    return `${b64({ alg: "none", typ: "JWT" })}.${b64(p)}.`;
}

/**
 * The claims re-signed with HS256 using the pool's public key (PEM, from the JWKS) as the HMAC secret: the classic
 * key-confusion attack on verifiers that let the token choose the algorithm.
 */
export async function hs256WithPublicKey(token: string, fetchJwks: (url: string) => Promise<{ keys: JWK[] }>): Promise<string> {
    const [h, p] = parts(token);
    const jwks = await fetchJwks(`${String(p.iss).replace(/\/+$/, "")}/.well-known/jwks.json`);
    const jwk = jwks.keys.find((k) => k.kid === h.kid) ?? jwks.keys[0];
    const pem = createPublicKey({ key: jwk as JWK & { kty: string }, format: "jwk" }).export({ type: "spki", format: "pem" }).toString();
    const input = `${b64({ alg: "HS256", typ: "JWT", kid: h.kid })}.${b64(p)}`;
    return `${input}.${createHmac("sha256", pem).update(input).digest("base64url")}`;
}

/**
 * A token with changed claims: properly signed when `signer` is given, else the original signature over the
 * changed claims (still refused, but for its signature).
 */
export async function withClaims(token: string, claims: Record<string, unknown>, signer?: Signer): Promise<{ token: string; signed: boolean }> {
    if (signer === undefined) return { token: tampered(token, claims), signed: false };
    const now = Math.floor(Date.now() / 1000);
    const payload = { ...claimsOf(token), iat: now, exp: now + 600, jti: randomUUID(), ...claims };
    const signed = await new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: signer.kid }).sign(signer.key);
    return { token: signed, signed: true };
}
