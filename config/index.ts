import * as pulumi from "@pulumi/pulumi";
import { ConfigError, readConfig } from "./parse";
import { Reader } from "./reader";
import type { StackConfig } from "./schema";
import { TOP_LEVEL_FIELDS } from "./table";

export * from "./schema";
export { ConfigError, parseConfig, RawConfig, readConfig } from "./parse";
export { loadStackConfig, readStackFile } from "./stackFile";

/** Secrets read from config; they stay Outputs marked secret from here to the resource that stores them. */
export interface StackSecrets {
    /**
     * PEM key pair for CloudFront signed URLs. When unset, the program generates one (kept in Pulumi state as a
     * secret and in Secrets Manager for the functions that sign).
     */
    signingKey?: { publicKeyPem: string; privateKeyPem: pulumi.Output<string> };
}

/** The configured signing key pair, if any: the public half validated, the private half read as a secret. */
function signingKey(stack: string, portcullis: pulumi.Config): StackSecrets["signingKey"] {
    const r = new Reader();
    const publicKey = "portcullis:signingPublicKey";
    const rawPublic = portcullis.get("signingPublicKey");
    const publicKeyPem = rawPublic === undefined ? undefined : TOP_LEVEL_FIELDS[publicKey].read(r, publicKey, rawPublic, undefined);
    // A secret is an Output until deploy: only whether it is set can be checked before any resource.
    const privateKeyPem = portcullis.getSecret("signingPrivateKey");
    if ((rawPublic === undefined) !== (privateKeyPem === undefined)) {
        r.problems.push(
            "portcullis:signingPublicKey and portcullis:signingPrivateKey (secret) must be set together, or neither to let the program generate the key pair",
        );
    }
    if (r.problems.length > 0) throw new ConfigError(stack, r.problems);
    return publicKeyPem && privateKeyPem ? { publicKeyPem, privateKeyPem } : undefined;
}

/**
 * Reads and validates the current stack's configuration: the one place the program calls `pulumi.Config`.
 * Throws {@link ConfigError} before any resource is created when a value is missing or nonsensical.
 */
export function loadConfig(): { config: StackConfig; secrets: StackSecrets } {
    const stack = pulumi.getStack();
    const portcullis = new pulumi.Config("portcullis");
    const aws = new pulumi.Config("aws");
    const config = readConfig(stack, (key) => (key === "aws:region" ? aws.get("region") : portcullis.getObject(key.slice("portcullis:".length))));
    const key = signingKey(stack, portcullis);
    return { config, secrets: key ? { signingKey: key } : {} };
}
