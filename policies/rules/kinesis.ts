/** Kinesis Data Streams rules (cdk-nag KDS3, checkov CKV_AWS_43/185). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** A stream's encryption defaults to NONE: records sit in plain text for the whole retention period. */
export const kinesisStreamEnforceEncryption: ResourceValidationPolicy = {
    name: "kinesis-stream-enforce-encryption",
    description: "Kinesis data streams must use KMS server-side encryption.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `encryptionType: \"KMS\"` and `kmsKeyId` (\"alias/aws/kinesis\" or a customer-managed key).",
    validateResource: validateResourceOfType(aws.kinesis.Stream, (stream, args, reportViolation) => {
        if (stream.encryptionType !== "KMS") {
            reportViolation(`Kinesis stream '${args.name}' has \`encryptionType\` ${stream.encryptionType ?? "NONE"}. `
                + "Set `encryptionType: \"KMS\"` and `kmsKeyId` (\"alias/aws/kinesis\" or a customer-managed key).");
        }
    }),
};
