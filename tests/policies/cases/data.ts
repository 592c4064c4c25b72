import * as dynamodb from "../../../policies/rules/dynamodb";
import * as kms from "../../../policies/rules/kms";
import * as rds from "../../../policies/rules/rds";
import * as secretsmanager from "../../../policies/rules/secretsmanager";
import { change } from "../fixtures";
import { RuleCase } from "../harness";

/** Cases of the DynamoDB, RDS, KMS and Secrets Manager rules. */
export const DATA_CASES: RuleCase[] = [
    { rule: dynamodb.dynamodbTableEnablePointInTimeRecovery, variants: [{
        change: "PITR is off",
        resources: (s) => change(s, "catalog", { pointInTimeRecovery: { enabled: false } }),
        messages: ["DynamoDB table 'catalog' has `pointInTimeRecovery.enabled` off. Set `pointInTimeRecovery: { enabled: true }` on the table."],
    }] },
    { rule: dynamodb.dynamodbTableEnforceCustomerManagedKey, variants: [{
        change: "the table uses the AWS owned key",
        resources: (s) => change(s, "catalog", { serverSideEncryption: undefined }),
        messages: ["DynamoDB table 'catalog' has no `serverSideEncryption` with a `kmsKeyArn`. Set `serverSideEncryption: { enabled: true, kmsKeyArn }` with the data key."],
    }] },
    { rule: dynamodb.dynamodbTableEnableDeletionProtection, variants: [{
        change: "deletion protection is off in prod",
        resources: (s) => change(s, "catalog", { deletionProtectionEnabled: false }),
        messages: ["DynamoDB table 'catalog' has `deletionProtectionEnabled` off in a production stack. Set `deletionProtectionEnabled: true` on the table."],
    }] },
    { rule: rds.rdsClusterEnforceStorageEncryption, variants: [{
        change: "storage is unencrypted",
        resources: (s) => change(s, "db", { storageEncrypted: false }),
        messages: ["RDS cluster 'db' has `storageEncrypted` off. Set `storageEncrypted: true` on the cluster."],
    }] },
    { rule: rds.rdsClusterEnforceCustomerManagedKey, variants: [{
        change: "the cluster uses the AWS managed key",
        resources: (s) => change(s, "db", { kmsKeyId: undefined }),
        messages: ["RDS cluster 'db' has no `kmsKeyId`. Set `kmsKeyId` to the ARN of the data key."],
    }] },
    { rule: rds.rdsInstanceDisallowPublicAccess, variants: [{
        change: "the instance is public",
        resources: (s) => change(s, "db-1", { publiclyAccessible: true }),
        messages: ["RDS instance 'db-1' has `publiclyAccessible` true. Set `publiclyAccessible: false` and reach it from the VPC only."],
    }] },
    { rule: rds.rdsClusterConfigureBackupRetention, variants: [{
        change: "backups are kept one day",
        resources: (s) => change(s, "db", { backupRetentionPeriod: 1 }),
        messages: ["RDS cluster 'db' has `backupRetentionPeriod` 1. Set `backupRetentionPeriod` to at least 7."],
    }] },
    { rule: rds.rdsClusterEnableDeletionProtection, variants: [{
        change: "deletion protection is off in prod",
        resources: (s) => change(s, "db", { deletionProtection: false }),
        messages: ["RDS cluster 'db' has `deletionProtection` off in a production stack. Set `deletionProtection: true` on the cluster."],
    }] },
    { rule: rds.rdsClusterEnforceIamAuthOrDataApi, variants: [{
        change: "neither IAM auth nor the Data API is on",
        resources: (s) => change(s, "db", { enableHttpEndpoint: false }),
        messages: ["RDS cluster 'db' has neither `iamDatabaseAuthenticationEnabled` nor `enableHttpEndpoint`. Set `enableHttpEndpoint: true` (Data API) or `iamDatabaseAuthenticationEnabled: true`."],
    }] },
    { rule: rds.rdsClusterConfigureLogExports, variants: [{
        change: "no logs are exported",
        resources: (s) => change(s, "db", { enabledCloudwatchLogsExports: [] }),
        messages: ["RDS cluster 'db' has no `enabledCloudwatchLogsExports`. Set `enabledCloudwatchLogsExports: [\"postgresql\"]` (or the engine's log types)."],
    }] },
    { rule: rds.rdsClusterEnforceManagedMasterPassword, variants: [{
        change: "the master password is given to Pulumi",
        resources: (s) => change(s, "db", { manageMasterUserPassword: undefined, masterPassword: "hunter2hunter2" }),
        messages: ["RDS cluster 'db' has `manageMasterUserPassword` off. Set `manageMasterUserPassword: true` and remove `masterPassword`."],
    }] },
    { rule: kms.kmsKeyEnableRotation, variants: [{
        change: "rotation is off",
        resources: (s) => change(s, "data-key", { enableKeyRotation: false }),
        messages: ["KMS key 'data-key' has `enableKeyRotation` off. Set `enableKeyRotation: true` on the key."],
    }] },
    { rule: kms.kmsKeyConfigureDeletionWindow, variants: [{
        change: "the deletion window is 7 days in prod",
        resources: (s) => change(s, "data-key", { deletionWindowInDays: 7 }),
        messages: ["KMS key 'data-key' has `deletionWindowInDays` 7 in a production stack. Set `deletionWindowInDays: 30` on the key."],
    }] },
    { rule: kms.kmsKeyDisallowWildcardPrincipal, variants: [{
        change: "the key policy allows everyone",
        resources: (s) => change(s, "data-key", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] }) }),
        messages: ["KMS key 'data-key' has a `policy` statement allowing principal \"*\" without a condition. Name the account root or the roles that use the key, or add a condition."],
    }] },
    { rule: secretsmanager.secretsmanagerSecretEnforceCustomerManagedKey, variants: [{
        change: "the secret uses the AWS managed key",
        resources: (s) => change(s, "origin-verify-secret", { kmsKeyId: undefined }),
        messages: ["Secret 'origin-verify-secret' has no `kmsKeyId`. Set `kmsKeyId` to the ARN of the secrets key."],
    }] },
    { rule: secretsmanager.secretsmanagerSecretDisallowImmediateDeletion, variants: [{
        change: "the recovery window is 0 in prod",
        resources: (s) => change(s, "origin-verify-secret", { recoveryWindowInDays: 0 }),
        messages: ["Secret 'origin-verify-secret' has `recoveryWindowInDays` 0 in a production stack. Set `recoveryWindowInDays` between 7 and 30, or leave the default of 30."],
    }] },
];
