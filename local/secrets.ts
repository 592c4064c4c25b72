import { generateKeyPairSync, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * Values local mode generates once and keeps in the persist directory (API key values, the receipt signing key,
 * client secrets), so a restart with `--persist` keeps every curl command and token working.
 */
export function persistentValues<T>(dir: string | undefined, name: string, create: () => T): T {
    if (dir === undefined) return create();
    const file = path.join(dir, `${name}.json`);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as T;
    const value = create();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value, null, 2), { mode: 0o600 });
    return value;
}

/** A random URL-safe secret, like the 40-character API key values API Gateway generates. */
export const randomSecret = (bytes = 30): string => randomBytes(bytes).toString("base64url");

/** An RSA key pair in PEM, for CloudFront-style signed receipt URLs. */
export function rsaKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return {
        publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
        privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
}
