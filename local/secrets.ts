import { generateKeyPair, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

/**
 * Values local mode generates once and keeps in the persist directory (API key values, the receipt signing key,
 * client secrets), so a restart with `--persist` keeps every curl command and token working.
 */
export async function persistentValues<T>(dir: string | undefined, name: string, create: () => T | Promise<T>): Promise<T> {
    if (dir === undefined) return create();
    const file = path.join(dir, `${name}.json`);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as T;
    const value = await create();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
    return value;
}

/** A random URL-safe secret, like the 40-character API key values API Gateway generates. */
export const randomSecret = (bytes = 30): string => randomBytes(bytes).toString("base64url");

/**
 * An RSA key pair in PEM, for CloudFront-style signed receipt URLs. Generated on libuv's thread pool: it takes a
 * good part of a second, which `npm start` spends meanwhile on reading the program and starting PGlite.
 */
export async function rsaKeyPair(): Promise<{ publicKeyPem: string; privateKeyPem: string }> {
    const { publicKey, privateKey } = await promisify(generateKeyPair)("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}
