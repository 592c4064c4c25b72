/** SNS rules (cdk-nag SNS2/SNS3, checkov CKV_AWS_26/169). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { publicPolicyValidation } from "../lib/resource-policy";
import { present } from "../lib/values";

/** SNS stores messages unencrypted unless the topic names a KMS key. */
export const snsTopicEnforceEncryption: ResourceValidationPolicy = {
    name: "sns-topic-enforce-encryption",
    description: "SNS topics must be encrypted with a KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `kmsMasterKeyId` to a KMS key (customer-managed when other services publish to the topic).",
    validateResource: validateResourceOfType(aws.sns.Topic, (topic, args, reportViolation) => {
        if (!present(topic, "kmsMasterKeyId")) {
            reportViolation(`SNS topic '${args.name}' has no \`kmsMasterKeyId\`. `
                + "Set `kmsMasterKeyId` to a KMS key (a customer-managed one when other services publish to the topic).");
        }
    }),
};

/** Principal `*` lets any AWS account publish to the topic or subscribe to it. */
export const snsTopicPolicyDisallowPublicPrincipal: ResourceValidationPolicy = {
    name: "sns-topic-policy-disallow-public-principal",
    description: "SNS topic policies must not allow principal `*` without a condition.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the accounts, services or roles in `Principal`, or add a condition such as `aws:SourceArn` or `aws:PrincipalOrgID`.",
    validateResource: [
        publicPolicyValidation(aws.sns.TopicPolicy, "SNS topic policy"),
        publicPolicyValidation(aws.sns.Topic, "SNS topic"),
    ],
};
