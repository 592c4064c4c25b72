/** Shield Advanced rules: the protection nobody else's rule set checks. */
import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, isProduction } from "../lib/config";
import { convention } from "../lib/conventions";
import { refersTo } from "../lib/links";

/**
 * Shield Advanced adds DDoS response and cost protection for the edge in front of the API. A Portcullis
 * convention: the subscription costs thousands a month, a choice each account makes for itself.
 */
export const shieldDistributionMissingProtection: StackValidationPolicy = convention({
    name: "shield-distribution-missing-protection",
    description: "Every CloudFront distribution in a production stack must have a Shield Advanced protection.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add an `aws.shield.Protection` (us-east-1) whose `resourceArn` is the distribution ARN.",
    configSchema: PRODUCTION_SCHEMA,
    validateStack: (args, reportViolation) => {
        const protections = args.resources.filter((r) => r.isType(aws.shield.Protection));
        for (const d of args.resources.filter((r) => r.isType(aws.cloudfront.Distribution) && isProduction(args, r.urn))) {
            if (!protections.some((p) => refersTo(p, "resourceArn", d, ["arn"]))) {
                reportViolation(`CloudFront distribution '${d.name}' has no \`aws.shield.Protection\` whose \`resourceArn\` is the distribution ARN in a production stack. `
                    + "Add a Shield protection for the distribution.", d.urn);
            }
        }
    },
});
