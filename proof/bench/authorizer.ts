import { createPublicKey, randomUUID, verify } from "crypto";
import { decodeJwt, SignJWT, type JWK } from "jose";
import type { SigningKey } from "../localApi";
import { loadFunctionPackage } from "../../harness/packages";
import { msSince, percentile } from "./stats";

/** Decision latencies of the authorizer package, and raw RS256 verification of the same tokens. */
export interface AuthorizerFigures {
    samples: number;
    freshMs: number[];
    repeatedMs: number[];
    rawVerifyMs: number[];
    /** Whether every fresh and repeated call was allowed (a refusal would mean the benchmark measured errors). */
    allAllowed: boolean;
}

/** Rounds (a fresh token, the repeated one, a raw verify) before the timed series. */
export const AUTHORIZER_WARM_UP = 300;

/** The figures' p50 and p99 per series. */
export const summarize = (ms: number[]) => ({ p50: percentile(ms, 50), p99: percentile(ms, 99) });

/**
 * Loads the authorizer package in this process (as one warm container) and times decisions: for fresh tokens
 * (each call a token never seen, so any per-container cache misses) and for one token repeated; then Node's
 * `crypto.verify` of each fresh token's RS256 signature, the floor any verifier pays.
 *
 * @param recorded - an authorizer event recorded through the gateway; its Authorization header is replaced.
 * @param accessToken - a real access token of the pool, whose claims the fresh tokens copy (new `jti`, `iat`).
 * @param signingKey - the pool's private key, to sign the fresh tokens.
 * @param env - the functions' environment (ISSUER and the JWKS of the local pool).
 */
export async function measureAuthorizer(
    recorded: unknown,
    accessToken: string,
    signingKey: SigningKey,
    env: Record<string, string>,
    samples: number,
): Promise<AuthorizerFigures> {
    const authorize = await loadFunctionPackage("authorizer", env);
    const claims = decodeJwt(accessToken);
    const now = Math.floor(Date.now() / 1000);
    const tokens: string[] = [];
    // A container answers many requests; the figures are its steady state, after V8 has optimized the paths.
    const WARM_UP = AUTHORIZER_WARM_UP;
    for (let i = 0; i < samples + WARM_UP; i++) {
        tokens.push(await new SignJWT({ ...claims, jti: randomUUID(), iat: now, exp: now + 3600 }).setProtectedHeader({ alg: "RS256", kid: signingKey.kid }).sign(signingKey.key));
    }
    // Each call gets its event parsed from JSON, as the Lambda runtime hands it over (a cloned and edited object
    // would reach the handler in V8's slow dictionary mode, which no invocation sees).
    const template = structuredClone(recorded) as { headers: Record<string, string> };
    for (const name of Object.keys(template.headers)) if (name.toLowerCase() === "authorization") delete template.headers[name];
    const [before, after] = JSON.stringify({ ...template, headers: { ...template.headers, Authorization: "Bearer \u0000" } }).split("\\u0000");
    const event = (token: string): unknown => JSON.parse(`${before}${token}${after}`);
    let allAllowed = true;
    const timed = async (token: string): Promise<number> => {
        const e = event(token);
        const started = process.hrtime.bigint();
        const result = (await authorize(e)) as { policyDocument?: { Statement?: { Effect: string }[] } };
        const ms = msSince(started);
        if (!result.policyDocument?.Statement?.some((s) => s.Effect === "Allow")) allAllowed = false;
        return ms;
    };
    const publicKey = createPublicKey({ key: { kty: signingKey.jwk.kty, n: signingKey.jwk.n, e: signingKey.jwk.e } as JWK & { kty: string }, format: "jwk" });
    const raw = (token: string): number => {
        const [h, p, s] = token.split(".");
        const started = process.hrtime.bigint();
        const ok = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, "base64url"));
        const ms = msSince(started);
        if (!ok) throw new Error("raw verify refused a token the pool signed");
        return ms;
    };
    // Warm-up: the first call fetches the JWKS; JIT settles over the next few fresh tokens, repeats and raw checks.
    for (const t of tokens.splice(samples)) {
        await timed(t);
        await timed(accessToken);
        raw(t);
    }
    // The three series interleaved, in an order that rotates every sample, so machine noise falls on all alike.
    const freshMs: number[] = [];
    const repeatedMs: number[] = [];
    const rawVerifyMs: number[] = [];
    for (const [i, t] of tokens.entries()) {
        const steps = [async () => freshMs.push(await timed(t)), async () => repeatedMs.push(await timed(accessToken)), async () => rawVerifyMs.push(raw(t))];
        for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]();
    }
    return { samples, freshMs, repeatedMs, rawVerifyMs, allAllowed };
}
