import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "./parse";
import { rawConfig } from "./stackFile";
import type { StackConfig } from "./schema";

export * from "./schema";
export { ConfigError, parseConfig, RawConfig } from "./parse";
export { loadStackConfig, rawConfig, readStackFile } from "./stackFile";

/** Secrets read from config; they stay Outputs marked secret from here to the resource that stores them. */
export interface StackSecrets {
    /**
     * PEM key pair for CloudFront signed URLs. When unset, the program generates one (kept in Pulumi state as a
     * secret and in Secrets Manager for the functions that sign).
     */
    signingKey?: { publicKeyPem: string; privateKeyPem: pulumi.Output<string> };
}

/**
 * Reads and validates the current stack's configuration: the one place the program calls `pulumi.Config`.
 * Throws {@link ConfigError} before any resource is created when a value is missing or nonsensical.
 */
export function loadConfig(): { config: StackConfig; secrets: StackSecrets } {
    const portcullis = new pulumi.Config("portcullis");
    const aws = new pulumi.Config("aws");
    const config = parseConfig(
        rawConfig(pulumi.getStack(), (key) => (key === "aws:region" ? aws.get("region") : portcullis.getObject(key.slice("portcullis:".length)))),
    );
    const publicKeyPem = portcullis.get("signingPublicKey");
    const privateKeyPem = portcullis.getSecret("signingPrivateKey");
    if (publicKeyPem !== undefined && !/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\s*$/.test(publicKeyPem)) {
        throw new pulumi.RunError("portcullis:signingPublicKey must be a PEM public key (-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)");
    }
    if ((publicKeyPem === undefined) !== (privateKeyPem === undefined)) {
        throw new pulumi.RunError(
            "portcullis:signingPublicKey and portcullis:signingPrivateKey (secret) must be set together, or neither to let the program generate the key pair",
        );
    }
    const secrets: StackSecrets = publicKeyPem && privateKeyPem ? { signingKey: { publicKeyPem, privateKeyPem } } : {};
    return { config, secrets };
}
