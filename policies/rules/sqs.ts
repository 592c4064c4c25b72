/** SQS rules (cdk-nag SQS2/SQS4, checkov CKV_AWS_27/72/168). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { publicPolicyValidation } from "../lib/resource-policy";
import { present } from "../lib/values";

/**
 * Messages at rest must be encrypted. SQS encrypts new queues with its own keys (SSE-SQS) unless told not to, so
 * only a queue that turns that off without a KMS key is unencrypted.
 */
export const sqsQueueEnforceEncryption: ResourceValidationPolicy = {
    name: "sqs-queue-enforce-encryption",
    description: "SQS queues must keep server-side encryption on (SSE-SQS or a KMS key).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Remove `sqsManagedSseEnabled: false`, or set `kmsMasterKeyId` to a KMS key.",
    validateResource: validateResourceOfType(aws.sqs.Queue, (queue, args, reportViolation) => {
        if (queue.sqsManagedSseEnabled === false && !present(queue, "kmsMasterKeyId")) {
            reportViolation(`SQS queue '${args.name}' has \`sqsManagedSseEnabled\` false and no \`kmsMasterKeyId\`. `
                + "Remove `sqsManagedSseEnabled: false`, or set `kmsMasterKeyId` to a KMS key.");
        }
    }),
};

/** Principal `*` lets any AWS account send, read or purge the queue's messages. */
export const sqsQueuePolicyDisallowPublicPrincipal: ResourceValidationPolicy = {
    name: "sqs-queue-policy-disallow-public-principal",
    description: "SQS queue policies must not allow principal `*` without a condition.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the accounts, services or roles in `Principal`, or add a condition such as `aws:SourceArn` or `aws:PrincipalOrgID`.",
    validateResource: [
        publicPolicyValidation(aws.sqs.QueuePolicy, "SQS queue policy"),
        publicPolicyValidation(aws.sqs.Queue, "SQS queue"),
    ],
};
