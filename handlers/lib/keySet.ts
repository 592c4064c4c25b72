// jose's local key set selects and imports the keys; only the fetching is ours. jose's remote key set does the
// same fetching through the global `fetch`, and creating it (`new Headers`) loads Node's built-in undici: about
// 25 ms of the authorizer's cold start for one GET that node:https answers as well.
import * as http from "http";
import * as https from "https";
import type { JSONWebKeySet, JWTHeaderParameters } from "jose";
import { createLocalJWKSet } from "jose/jwks/local";

/** What a key set returns for a token's protected header: the imported public key (jose's `CryptoKey`). */
export type KeyLookup = (header: Pick<JWTHeaderParameters, "alg" | "kid">) => Promise<unknown>;

/** Timing of a remote key set; the defaults are jose's `createRemoteJWKSet` ones. */
export interface KeySetOptions {
    /** Milliseconds a fetch may take before it fails with `ERR_JWKS_TIMEOUT`. Default 5000. */
    timeoutMs?: number;
    /** Milliseconds the fetched set is used before it is fetched again. Default 600,000. */
    cacheMaxAgeMs?: number;
    /** Milliseconds after a fetch during which an unknown `kid` does not cause another. Default 30,000. */
    cooldownMs?: number;
}

/** A failed fetch, with the jose error code the verifier maps to `KeySetUnavailable`. */
class KeySetFetchError extends Error {
    constructor(
        readonly code: "ERR_JWKS_TIMEOUT" | "ERR_JWKS_INVALID",
        message: string,
    ) {
        super(message);
        this.name = "KeySetFetchError";
    }
}

/** GETs `url` as JSON: 200 only, no redirects followed (as jose's `redirect: "manual"`), within `timeoutMs`. */
function getJson(url: URL, timeoutMs: number): Promise<unknown> {
    const client = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
    if (client === undefined) return Promise.reject(new KeySetFetchError("ERR_JWKS_INVALID", `JWKS URL must be http(s): ${url.href}`));
    return new Promise((resolve, reject) => {
        const req = client.get(url, { headers: { accept: "application/json, application/jwk-set+json" }, timeout: timeoutMs }, (res) => {
            if (res.statusCode !== 200) {
                res.resume();
                return reject(new KeySetFetchError("ERR_JWKS_INVALID", `Expected 200 OK from the JSON Web Key Set HTTP response, got ${res.statusCode}`));
            }
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () => {
                try {
                    resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
                } catch {
                    reject(new KeySetFetchError("ERR_JWKS_INVALID", "The JSON Web Key Set HTTP response is not JSON"));
                }
            });
        });
        req.on("timeout", () => req.destroy(new KeySetFetchError("ERR_JWKS_TIMEOUT", `No JSON Web Key Set from ${url.host} within ${timeoutMs} ms`)));
        req.on("error", (err) => reject(err.name === "KeySetFetchError" ? err : new KeySetFetchError("ERR_JWKS_INVALID", `Fetching the JSON Web Key Set failed: ${err.message}`)));
    });
}

/**
 * A key set fetched from `url`, with the behaviour of jose's `createRemoteJWKSet`: fetched on first use, used for
 * `cacheMaxAgeMs`, fetched again for an unknown `kid` at most once per `cooldownMs` (so made-up kids cannot make
 * the function hammer the issuer), one fetch at a time. jose's `createLocalJWKSet` validates the set, picks the
 * key for the header and imports it.
 */
export function createKeySet(url: URL, opts: KeySetOptions = {}): KeyLookup {
    const timeoutMs = opts.timeoutMs ?? 5_000;
    const cacheMaxAgeMs = opts.cacheMaxAgeMs ?? 600_000;
    const cooldownMs = opts.cooldownMs ?? 30_000;
    let local: ReturnType<typeof createLocalJWKSet> | undefined;
    let fetchedAt = -Infinity;
    let pending: Promise<void> | undefined;
    const reload = (): Promise<void> => {
        pending ??= getJson(url, timeoutMs)
            .then((json) => {
                local = createLocalJWKSet(json as JSONWebKeySet);
                fetchedAt = Date.now();
            })
            .finally(() => (pending = undefined));
        return pending;
    };
    return async (header) => {
        if (local === undefined || Date.now() >= fetchedAt + cacheMaxAgeMs) await reload();
        try {
            return await (local as NonNullable<typeof local>)(header);
        } catch (err) {
            if ((err as { code?: string }).code !== "ERR_JWKS_NO_MATCHING_KEY" || Date.now() < fetchedAt + cooldownMs) throw err;
            await reload();
            return (local as NonNullable<typeof local>)(header);
        }
    };
}
