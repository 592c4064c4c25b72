/** Secrets Manager rules (cdk-nag SMG4, checkov CKV_AWS_149). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, isProduction } from "../lib/config";
import { present } from "../lib/values";

/** With a customer key, reading a secret also needs kms:Decrypt, which the key policy controls. */
export const secretsmanagerSecretEnforceCustomerManagedKey: ResourceValidationPolicy = {
    name: "secretsmanager-secret-enforce-customer-managed-key",
    description: "Secrets Manager secrets must be encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `kmsKeyId` to a customer-managed KMS key.",
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, args, reportViolation) => {
        if (!present(secret, "kmsKeyId")) {
            reportViolation(`Secret '${args.name}' has no \`kmsKeyId\`. `
                + "Set `kmsKeyId` to the ARN of the secrets key.");
        }
    }),
};

/** A recovery window of 0 deletes the secret at once, with no way back. */
export const secretsmanagerSecretDisallowImmediateDeletion: ResourceValidationPolicy = {
    name: "secretsmanager-secret-disallow-immediate-deletion",
    description: "Secrets Manager secrets in production stacks must keep a recovery window of at least 7 days.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `recoveryWindowInDays` between 7 and 30 in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, args, reportViolation) => {
        const days = secret.recoveryWindowInDays ?? 30;
        if (isProduction(args, args.urn) && days < 7) {
            reportViolation(`Secret '${args.name}' has \`recoveryWindowInDays\` ${days} in a production stack. `
                + "Set `recoveryWindowInDays` between 7 and 30, or leave the default of 30.");
        }
    }),
};
