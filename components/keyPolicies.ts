/**
 * KMS key policies without wildcard actions. AWS's default key policy grants the account root `kms:*`; we list the
 * actions instead, so no `*` action exists anywhere in the stack, and we split administration (root, always) from
 * use (root, but only through the AWS services that encrypt with the key, via `kms:ViaService`): nobody can call
 * `kms:Decrypt` on these keys directly, only through DynamoDB, RDS, S3, Secrets Manager, Logs or SNS.
 */

/** Everything needed to administer a key; `kms:PutKeyPolicy` keeps KMS's lockout safety check satisfied. */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:ListKeyPolicies",
    "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand", "kms:ListKeyRotations",
    "kms:EnableKey", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:UpdateKeyDescription",
    "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource",
    "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias",
    "kms:ListGrants", "kms:RevokeGrant", "kms:RetireGrant",
];

/** What a service needs to encrypt and decrypt on a caller's behalf (grants included: RDS and DynamoDB use them). */
export const KEY_USE_ACTIONS: readonly string[] = [
    "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
    "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant", "kms:DescribeKey",
];

/** One statement of a key policy, with resolved values. */
export interface KeyPolicyStatement {
    Sid: string;
    Effect: "Allow";
    Principal: { AWS: string } | { Service: string | string[] };
    Action: readonly string[];
    /** In a key policy `*` means "this key" and nothing else. */
    Resource: "*";
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface KeyPolicyArgs {
    accountId: string;
    /** Region of the key; `kms:ViaService` values are regional endpoints. */
    region: string;
    /** Services (e.g. `dynamodb`, `rds`) through which the account's principals may use the key. */
    viaServices: readonly string[];
    /** Service principals that use the key themselves (CloudWatch Logs, CloudWatch alarms, CloudFront). */
    serviceStatements?: KeyPolicyStatement[];
}

/** The policy of a symmetric key: root administers it; account principals use it only through `viaServices`. */
export function keyPolicy(args: KeyPolicyArgs): string {
    const root = { AWS: `arn:aws:iam::${args.accountId}:root` };
    const statements: KeyPolicyStatement[] = [
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: root, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
        {
            Sid: "AccountUsesKeyThroughServices",
            Effect: "Allow",
            Principal: root,
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": args.accountId,
                    "kms:ViaService": args.viaServices.map((s) => `${s}.${args.region}.amazonaws.com`),
                },
            },
        },
        ...(args.serviceStatements ?? []),
    ];
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
