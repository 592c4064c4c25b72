/** Aurora / RDS rules (AWSGuard rds*, cdk-nag RDS2/RDS6/RDS10/RDS14, checkov CKV_AWS_96/139/162/324/327). */
import * as aws from "@pulumi/aws";
import { ReportViolation, ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, configOf, isProduction } from "../lib/config";
import { asArray, present } from "../lib/values";
import { BACKUP_DEFAULTS, BACKUP_SCHEMA } from "../lib/backups";

/** Unencrypted storage exposes data in snapshots and on retired disks. */
export const rdsClusterEnforceStorageEncryption: ResourceValidationPolicy = {
    name: "rds-cluster-enforce-storage-encryption",
    description: "RDS clusters must encrypt their storage.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `storageEncrypted: true` (a new cluster: encryption cannot be turned on in place).",
    validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        if (cluster.storageEncrypted !== true) {
            reportViolation(`RDS cluster '${args.name}' has \`storageEncrypted\` off. `
                + "Set `storageEncrypted: true` on the cluster.");
        }
    }),
};

/** With a customer-managed key the data is usable only by who the key policy allows. */
export const rdsClusterEnforceCustomerManagedKey: ResourceValidationPolicy = {
    name: "rds-cluster-enforce-customer-managed-key",
    description: "RDS clusters must be encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `kmsKeyId` to a customer-managed KMS key.",
    validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        if (!present(cluster, "kmsKeyId")) {
            reportViolation(`RDS cluster '${args.name}' has no \`kmsKeyId\`. `
                + "Set `kmsKeyId` to the ARN of the data key.");
        }
    }),
};

/** Reports an instance that is publicly accessible. */
function reportPublic(instance: { publiclyAccessible?: boolean }, name: string, reportViolation: ReportViolation): void {
    if (instance.publiclyAccessible === true) {
        reportViolation(`RDS instance '${name}' has \`publiclyAccessible\` true. `
            + "Set `publiclyAccessible: false` and reach it from the VPC only.");
    }
}

/** A public database endpoint is reachable by anyone who finds it. */
export const rdsInstanceDisallowPublicAccess: ResourceValidationPolicy = {
    name: "rds-instance-disallow-public-access",
    description: "RDS cluster instances and DB instances must not be publicly accessible.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Set `publiclyAccessible: false` and reach the database from inside the VPC.",
    validateResource: [
        validateResourceOfType(aws.rds.ClusterInstance, (instance, args, reportViolation) => reportPublic(instance, args.name, reportViolation)),
        validateResourceOfType(aws.rds.Instance, (instance, args, reportViolation) => reportPublic(instance, args.name, reportViolation)),
    ],
};

/** Too short a retention loses the restore point an incident needs. */
export const rdsClusterConfigureBackupRetention: ResourceValidationPolicy = {
    name: "rds-cluster-configure-backup-retention",
    description: "RDS clusters must retain automated backups for at least 7 days.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `backupRetentionPeriod` to at least `minimumRetentionDays`.",
    configSchema: BACKUP_SCHEMA,
    validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        const { minimumRetentionDays } = configOf(args, BACKUP_DEFAULTS);
        const days = cluster.backupRetentionPeriod ?? 1;
        if (days < minimumRetentionDays) {
            reportViolation(`RDS cluster '${args.name}' has \`backupRetentionPeriod\` ${days}. `
                + `Set \`backupRetentionPeriod\` to at least ${minimumRetentionDays}.`);
        }
    }),
};

/** Deletion protection stops a replace or a console click from dropping production data. */
export const rdsClusterEnableDeletionProtection: ResourceValidationPolicy = {
    name: "rds-cluster-enable-deletion-protection",
    description: "RDS clusters in production stacks must have deletion protection enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `deletionProtection: true` in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        if (isProduction(args, args.urn) && cluster.deletionProtection !== true) {
            reportViolation(`RDS cluster '${args.name}' has \`deletionProtection\` off in a production stack. `
                + "Set `deletionProtection: true` on the cluster.");
        }
    }),
};

/** IAM auth or the Data API replace long-lived database passwords in function configuration. */
export const rdsClusterEnforceIamAuthOrDataApi: ResourceValidationPolicy = {
    name: "rds-cluster-enforce-iam-auth-or-data-api",
    description: "RDS clusters must enable IAM database authentication or the Data API.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `iamDatabaseAuthenticationEnabled: true` or `enableHttpEndpoint: true`.",
    validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        if (cluster.iamDatabaseAuthenticationEnabled !== true && cluster.enableHttpEndpoint !== true) {
            reportViolation(`RDS cluster '${args.name}' has neither \`iamDatabaseAuthenticationEnabled\` nor \`enableHttpEndpoint\`. `
                + "Set `enableHttpEndpoint: true` (Data API) or `iamDatabaseAuthenticationEnabled: true`.");
        }
    }),
};

/** Database logs are needed to investigate failed logins and slow or malicious queries. */
export const rdsClusterConfigureLogExports: ResourceValidationPolicy = {
    name: "rds-cluster-configure-log-exports",
    description: "RDS clusters must export their logs to CloudWatch.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `enabledCloudwatchLogsExports` to the engine's logs (e.g. [\"postgresql\"]).",
    validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        if (asArray(cluster.enabledCloudwatchLogsExports).length === 0) {
            reportViolation(`RDS cluster '${args.name}' has no \`enabledCloudwatchLogsExports\`. `
                + "Set `enabledCloudwatchLogsExports: [\"postgresql\"]` (or the engine's log types).");
        }
    }),
};

/** A master password given to Pulumi ends up in state; a managed one lives only in Secrets Manager and rotates. */
export const rdsClusterEnforceManagedMasterPassword: ResourceValidationPolicy = {
    name: "rds-cluster-enforce-managed-master-password",
    description: "RDS clusters must let RDS manage the master password in Secrets Manager.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `manageMasterUserPassword: true` and remove `masterPassword`.",
    validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, args, reportViolation) => {
        const restored = present(cluster, "snapshotIdentifier") || present(cluster, "replicationSourceIdentifier");
        if (cluster.manageMasterUserPassword !== true && !restored) {
            reportViolation(`RDS cluster '${args.name}' has \`manageMasterUserPassword\` off. `
                + "Set `manageMasterUserPassword: true` and remove `masterPassword`.");
        }
    }),
};
