import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import type { StackSecrets } from "../../config";
import { ORIGIN_VERIFY_HEADER } from "../naming";
import { EDGE_SECURITY_DEFAULTS, type EdgeScope } from "./settings";

/** A Secrets Manager secret of the edge, encrypted with the data key, named `<prefix>/edge/<suffix>`. */
function edgeSecret(scope: EdgeScope, resourceName: string, suffix: string, description: string, dataKeyArn: pulumi.Input<string>): aws.secretsmanager.Secret {
    const { config } = scope;
    return new aws.secretsmanager.Secret(resourceName, {
        name: `${config.prefix}/edge/${suffix}`,
        description,
        kmsKeyId: dataKeyArn,
        // Names are fixed, so an unprotected (dev) stack recreated within the recovery window would collide.
        recoveryWindowInDays: config.protect ? EDGE_SECURITY_DEFAULTS.secretRecoveryDays : 0,
    }, scope.child);
}

/** The origin-verify value CloudFront sends and the regional ACL demands, and the secret that holds it. */
export interface OriginVerify {
    /** Secret wherever it goes (secret version, WAF rule, origin header), so state never holds it in clear. */
    value: pulumi.Output<string>;
    secret: aws.secretsmanager.Secret;
}

export function createOriginVerify(scope: EdgeScope, dataKeyArn: pulumi.Input<string>): OriginVerify {
    const { name, child } = scope;
    const password = new random.RandomPassword(`${name}-origin-verify`, { length: EDGE_SECURITY_DEFAULTS.originVerifyLength, special: false }, child);
    const value = pulumi.secret(password.result);
    const secret = edgeSecret(scope, `${name}-origin-verify`, "origin-verify",
        `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront sends and the stage's web ACL requires.`, dataKeyArn);
    new aws.secretsmanager.SecretVersion(`${name}-origin-verify`, { secretId: secret.id, secretString: value }, child);
    return { value, secret };
}

/** What signed receipt URLs need: the key group the distribution trusts and where the functions find the key. */
export interface UrlSigning {
    publicKey: aws.cloudfront.PublicKey;
    keyGroup: aws.cloudfront.KeyGroup;
    /** Holds the private key PEM the receipt function signs with. */
    secret: aws.secretsmanager.Secret;
}

/** Signed URLs: the key pair from config, or one generated here (kept as a secret in state). */
export function createUrlSigning(scope: EdgeScope, signingKey: StackSecrets["signingKey"], dataKeyArn: pulumi.Input<string>): UrlSigning {
    const { name, child, config } = scope;
    const keyPair: { publicKeyPem: pulumi.Input<string>; privateKeyPem: pulumi.Input<string> } = signingKey
        ?? new tls.PrivateKey(`${name}-signing-key`, { algorithm: "RSA", rsaBits: EDGE_SECURITY_DEFAULTS.signingKeyRsaBits }, child);
    const secret = edgeSecret(scope, `${name}-signing-key`, "url-signing-key", "PEM private key that signs CloudFront URLs for receipts.", dataKeyArn);
    new aws.secretsmanager.SecretVersion(`${name}-signing-key`, { secretId: secret.id, secretString: keyPair.privateKeyPem }, child);
    // No physical name: a new key is created before the old one leaves the key group on rotation.
    const publicKey = new aws.cloudfront.PublicKey(`${name}-signing-key`, {
        comment: `${config.prefix}: signs receipt URLs`,
        encodedKey: keyPair.publicKeyPem,
    }, child);
    const keyGroup = new aws.cloudfront.KeyGroup(`${name}-signing-keys`, {
        name: `${config.prefix}-receipts`,
        comment: "Keys trusted to sign /receipts/* URLs.",
        items: [publicKey.id],
    }, child);
    return { publicKey, keyGroup, secret };
}
