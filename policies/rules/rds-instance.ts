/**
 * RDS DB instance rules (AWSGuard rds-instance-*, cdk-nag RDS2/RDS10/RDS11, checkov CKV_AWS_16/133/293).
 * Aurora clusters are in rds.ts, which also keeps DB instances off the internet (`rds-instance-disallow-public-access`).
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, configOf, isProduction } from "../lib/config";
import { present } from "../lib/values";
import { BACKUP_DEFAULTS, BACKUP_SCHEMA } from "../lib/backups";

/** A read replica takes its encryption and backups from its source, so the source is the one checked. */
const isReplica = (instance: object) => present(instance, "replicateSourceDb");

/** Unencrypted storage exposes data in snapshots and on retired disks. */
export const rdsInstanceEnforceStorageEncryption: ResourceValidationPolicy = {
    name: "rds-instance-enforce-storage-encryption",
    description: "RDS DB instances must encrypt their storage.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `storageEncrypted: true` (a new instance, or restore an encrypted snapshot copy: encryption cannot be turned on in place).",
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation) => {
        if (instance.storageEncrypted !== true && !isReplica(instance)) {
            reportViolation(`RDS instance '${args.name}' has \`storageEncrypted\` off. `
                + "Set `storageEncrypted: true` (and `kmsKeyId` for a customer-managed key).");
        }
    }),
};

/** The API's default of one day (and 0, none) loses the restore point an incident needs. */
export const rdsInstanceConfigureBackupRetention: ResourceValidationPolicy = {
    name: "rds-instance-configure-backup-retention",
    description: "RDS DB instances must retain automated backups for at least 7 days.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `backupRetentionPeriod` to at least `minimumRetentionDays`.",
    configSchema: BACKUP_SCHEMA,
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation) => {
        const { minimumRetentionDays } = configOf(args, BACKUP_DEFAULTS);
        // CreateDBInstance keeps backups for one day when the period is not given.
        const days = instance.backupRetentionPeriod ?? 1;
        if (days < minimumRetentionDays && !isReplica(instance)) {
            reportViolation(`RDS instance '${args.name}' has \`backupRetentionPeriod\` ${days}. `
                + `Set \`backupRetentionPeriod\` to at least ${minimumRetentionDays}.`);
        }
    }),
};

/** Deletion protection stops a replace or a console click from dropping production data. */
export const rdsInstanceEnableDeletionProtection: ResourceValidationPolicy = {
    name: "rds-instance-enable-deletion-protection",
    description: "RDS DB instances in production stacks must have deletion protection enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `deletionProtection: true` in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation) => {
        if (isProduction(args, args.urn) && instance.deletionProtection !== true) {
            reportViolation(`RDS instance '${args.name}' has \`deletionProtection\` off in a production stack. `
                + "Set `deletionProtection: true` on the instance.");
        }
    }),
};
