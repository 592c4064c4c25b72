/** DynamoDB table rules (AWSGuard dynamodb*, cdk-nag DDB3, checkov CKV_AWS_28/119). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, isProduction } from "../lib/config";
import { asRecord, present } from "../lib/values";

/** Point-in-time recovery is the only undo for a bad write or a deleted item. */
export const dynamodbTableEnablePointInTimeRecovery: ResourceValidationPolicy = {
    name: "dynamodb-table-enable-point-in-time-recovery",
    description: "DynamoDB tables must have point-in-time recovery enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `pointInTimeRecovery: { enabled: true }`.",
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, reportViolation) => {
        if (asRecord(table.pointInTimeRecovery)["enabled"] !== true) {
            reportViolation(`DynamoDB table '${args.name}' has \`pointInTimeRecovery.enabled\` off. `
                + "Set `pointInTimeRecovery: { enabled: true }` on the table.");
        }
    }),
};

/** A customer-managed key lets us audit, restrict and revoke access to the data independently of DynamoDB. */
export const dynamodbTableEnforceCustomerManagedKey: ResourceValidationPolicy = {
    name: "dynamodb-table-enforce-customer-managed-key",
    description: "DynamoDB tables must be encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `serverSideEncryption: { enabled: true, kmsKeyArn }` with a customer-managed key.",
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, reportViolation) => {
        const sse = asRecord(table.serverSideEncryption);
        if (sse["enabled"] !== true || !present(sse, "kmsKeyArn")) {
            reportViolation(`DynamoDB table '${args.name}' has no \`serverSideEncryption\` with a \`kmsKeyArn\`. `
                + "Set `serverSideEncryption: { enabled: true, kmsKeyArn }` with the data key.");
        }
    }),
};

/** Deletion protection stops a replace or a console click from dropping production data. */
export const dynamodbTableEnableDeletionProtection: ResourceValidationPolicy = {
    name: "dynamodb-table-enable-deletion-protection",
    description: "DynamoDB tables in production stacks must have deletion protection enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `deletionProtectionEnabled: true` in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, reportViolation) => {
        if (isProduction(args, args.urn) && table.deletionProtectionEnabled !== true) {
            reportViolation(`DynamoDB table '${args.name}' has \`deletionProtectionEnabled\` off in a production stack. `
                + "Set `deletionProtectionEnabled: true` on the table.");
        }
    }),
};
