/**
 * IAM user rules (AWSGuard iam-*, cdk-nag IAM4/IAM5, checkov CKV_AWS_40/274/CKV2_AWS_40). A user's
 * credentials are long-lived; with administrator access one leaked key is the whole account.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { refersTo } from "../lib/links";
import { ADMINISTRATOR_ACCESS, grantsAdministrator } from "../lib/resource-policy";
import { asStrings, known } from "../lib/values";

/**
 * True when the ARN is AdministratorAccess, or a policy of the stack (linked by its `arn`) whose document allows
 * `*` on `*`.
 */
function isAdministratorPolicy(attachment: PolicyResource, resources: PolicyResource[]): boolean {
    const arn = known(attachment.props, "policyArn");
    if (typeof arn === "string" && ADMINISTRATOR_ACCESS.test(arn)) {
        return true;
    }
    return resources.some((r) => r.isType(aws.iam.Policy) && refersTo(attachment, "policyArn", r, ["arn", "id"])
        && grantsAdministrator(known(r.props, "policy")));
}

/** Administrator access belongs to roles assumed with MFA or through SSO, never to a user's access keys. */
export const iamUserDisallowAdminPolicies: StackValidationPolicy = {
    name: "iam-user-disallow-admin-policies",
    description: "IAM users must not have AdministratorAccess or an inline or attached policy allowing `*` on `*`.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Grant the user only the actions it uses; give people administrator access through an assumed role or IAM Identity Center.",
    validateStack: (args, reportViolation) => {
        const fix = "Grant the user only the actions it uses, or give people administrator access through an assumed role or IAM Identity Center.";
        for (const r of args.resources) {
            if (r.isType(aws.iam.UserPolicy) && grantsAdministrator(known(r.props, "policy"))) {
                reportViolation(`IAM user policy '${r.name}' allows \`Action\` "*" on \`Resource\` "*" for user ${String(known(r.props, "user"))}. ${fix}`, r.urn);
            } else if (r.isType(aws.iam.UserPolicyAttachment) && isAdministratorPolicy(r, args.resources)) {
                reportViolation(`IAM user policy attachment '${r.name}' attaches an administrator policy (\`policyArn\` ${String(known(r.props, "policyArn"))}) to user ${String(known(r.props, "user"))}. ${fix}`, r.urn);
            } else if (r.isType(aws.iam.PolicyAttachment) && asStrings(known(r.props, "users")).length > 0 && isAdministratorPolicy(r, args.resources)) {
                reportViolation(`IAM policy attachment '${r.name}' attaches an administrator policy (\`policyArn\` ${String(known(r.props, "policyArn"))}) to users ${asStrings(known(r.props, "users")).join(", ")}. ${fix}`, r.urn);
            }
        }
    },
};
