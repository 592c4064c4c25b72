/** KMS key rules (AWSGuard kms*, cdk-nag KMS5, checkov CKV_AWS_7/33). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, isProduction } from "../lib/config";
import { allowStatementsOf } from "../lib/iam-document";

/** The longest deletion window KMS allows: the most time to notice and cancel a scheduled deletion. */
const MAX_DELETION_WINDOW_DAYS = 30;

/** Yearly rotation limits how much data one key version protects. */
export const kmsKeyEnableRotation: ResourceValidationPolicy = {
    name: "kms-key-enable-rotation",
    description: "Symmetric KMS keys must have automatic rotation enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `enableKeyRotation: true` on symmetric keys.",
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const symmetric = (key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
        if (symmetric && key.enableKeyRotation !== true) {
            reportViolation(`KMS key '${args.name}' has \`enableKeyRotation\` off. `
                + "Set `enableKeyRotation: true` on the key.");
        }
    }),
};

/** A deleted key makes every object encrypted with it unreadable, for ever. */
export const kmsKeyConfigureDeletionWindow: ResourceValidationPolicy = {
    name: "kms-key-configure-deletion-window",
    description: "KMS keys in production stacks must use the maximum 30-day deletion window.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `deletionWindowInDays: 30` in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        if (isProduction(args, args.urn) && key.deletionWindowInDays !== MAX_DELETION_WINDOW_DAYS) {
            reportViolation(`KMS key '${args.name}' has \`deletionWindowInDays\` ${String(key.deletionWindowInDays ?? "unset")} in a production stack. `
                + `Set \`deletionWindowInDays: ${MAX_DELETION_WINDOW_DAYS}\` on the key.`);
        }
    }),
};

/** A key policy allowing `*` without a condition lets any AWS account use or manage the key. */
export const kmsKeyDisallowWildcardPrincipal: ResourceValidationPolicy = {
    name: "kms-key-disallow-wildcard-principal",
    description: "KMS key policies must not allow the `*` principal without a condition.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the account or roles in the key policy, or add a condition to the `*` principal.",
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const open = allowStatementsOf(key.policy).some((s) => s.principals.includes("*") && Object.keys(s.condition).length === 0);
        if (open) {
            reportViolation(`KMS key '${args.name}' has a \`policy\` statement allowing principal "*" without a condition. `
                + "Name the account root or the roles that use the key, or add a condition.");
        }
    }),
};
