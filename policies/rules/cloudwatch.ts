/** CloudWatch rules (cdk-nag Serverless CloudWatchLogGroupRetentionPeriod, checkov CKV_AWS_158/338). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { present } from "../lib/values";

/** Retention defaults: 30 days covers a monthly review; raise it where regulation asks for more. */
const RETENTION_DEFAULTS = Object.freeze({ minimumRetentionDays: 30 });

/** Logs kept forever cost without bound and hold personal data longer than needed; too short loses evidence. */
export const cloudwatchLogGroupConfigureRetention: ResourceValidationPolicy = {
    name: "cloudwatch-log-group-configure-retention",
    description: "CloudWatch log groups must set a finite retention of at least `minimumRetentionDays` (30 days by default; a stack may ask for more).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `retentionInDays` to at least `minimumRetentionDays`.",
    configSchema: {
        properties: {
            minimumRetentionDays: { type: "integer", minimum: 1, default: RETENTION_DEFAULTS.minimumRetentionDays,
                description: "Shortest accepted retention, in days." },
        },
    },
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, reportViolation) => {
        const { minimumRetentionDays } = configOf(args, RETENTION_DEFAULTS);
        const days = group.retentionInDays ?? 0;
        if (days < minimumRetentionDays) {
            reportViolation(`CloudWatch log group '${args.name}' has \`retentionInDays\` ${days === 0 ? "unset (never expire)" : days}. `
                + `Set \`retentionInDays\` to at least ${minimumRetentionDays}.`);
        }
    }),
};

/** Logs can hold tokens, IPs and payload fragments; a customer key controls who can read them. */
export const cloudwatchLogGroupEnforceKms: ResourceValidationPolicy = {
    name: "cloudwatch-log-group-enforce-kms",
    description: "CloudWatch log groups must be encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `kmsKeyId` to a customer-managed KMS key whose policy allows CloudWatch Logs.",
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, reportViolation) => {
        if (!present(group, "kmsKeyId")) {
            reportViolation(`CloudWatch log group '${args.name}' has no \`kmsKeyId\`. `
                + "Set `kmsKeyId` to the ARN of the logs key.");
        }
    }),
};

/** An alarm that notifies nobody is only a graph. */
export const cloudwatchAlarmMissingActions: ResourceValidationPolicy = {
    name: "cloudwatch-alarm-missing-actions",
    description: "CloudWatch metric alarms must have enabled alarm actions.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `alarmActions` (e.g. an SNS topic) and leave `actionsEnabled` true.",
    validateResource: validateResourceOfType(aws.cloudwatch.MetricAlarm, (alarm, args, reportViolation) => {
        if (alarm.actionsEnabled === false || !present(alarm, "alarmActions")) {
            reportViolation(`CloudWatch alarm '${args.name}' has no enabled \`alarmActions\`. `
                + "Set `alarmActions` to the alerts topic and leave `actionsEnabled` true.");
        }
    }),
};
