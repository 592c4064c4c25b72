import * as fs from "fs/promises";
import * as path from "path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK } from "jose";

/** The pool's RS256 signing key. */
export interface SigningKey {
    /** Private JWK with `kid`, `alg` and `use`; handed to tests that must forge tokens. */
    readonly privateJwk: JWK;
    /** Public JWK as served in the JWKS. */
    readonly publicJwk: JWK;
    /** The key object jose signs with. */
    readonly privateKey: Awaited<ReturnType<typeof importJWK>>;
}

const KEY_FILE = "idp-signing-key.json";

/**
 * Loads the signing key from `persistDir`, or generates an RSA-2048 key (and saves it there when given).
 *
 * @param persistDir - directory keeping the key across restarts; none means a fresh key per start.
 */
export async function loadOrCreateSigningKey(persistDir?: string): Promise<SigningKey> {
    const file = persistDir === undefined ? undefined : path.join(persistDir, KEY_FILE);
    const saved = file === undefined ? undefined : await readJwk(file);
    const privateJwk = saved ?? (await generateJwk());
    if (file !== undefined && saved === undefined) {
        await fs.mkdir(path.dirname(file), { recursive: true });
        // Owner-only: it is a private key, even if only a local one.
        await fs.writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
    const { kid, alg, use, kty, n, e } = privateJwk;
    return { privateJwk, publicJwk: { kid, alg, use, kty, n, e }, privateKey: await importJWK(privateJwk, "RS256") };
}

async function generateJwk(): Promise<JWK> {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(privateKey);
    // Cognito's kids are opaque strings; the thumbprint is one that stays the same for a persisted key.
    return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: "RS256", use: "sig" };
}

async function readJwk(file: string): Promise<JWK | undefined> {
    try {
        return JSON.parse(await fs.readFile(file, "utf8")) as JWK;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw new Error(`cannot read the identity provider's signing key ${file}: ${(err as Error).message}`);
    }
}
