/**
 * IAM user rules (AWSGuard iam-*, cdk-nag IAM4/IAM5, checkov CKV_AWS_40/274/CKV2_AWS_40). A user's
 * credentials are long-lived; with administrator access one leaked key is the whole account.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { refersTo } from "../lib/links";
import { grantsAdministrator } from "../lib/resource-policy";
import { asStrings, known } from "../lib/values";

/** The policy of the stack (linked by its `arn`) that the attachment attaches, when its document allows `*` on `*`. */
function administratorPolicyOf(attachment: PolicyResource, resources: PolicyResource[]): PolicyResource | undefined {
    return resources.find((r) => r.isType(aws.iam.Policy) && refersTo(attachment, "policyArn", r, ["arn", "id"])
        && grantsAdministrator(known(r.props, "policy")));
}

/**
 * Administrator access belongs to roles assumed with MFA or through SSO, never to a user's access keys.
 *
 * One finding per hole: an admin user is reported by exactly one rule. AdministratorAccess attached to a user is
 * an AWS managed policy, which `iam-principal-disallow-broad-managed-policies` reports on the attachment; an
 * inline `UserPolicy` allowing `*` on `*` is reported by the `iam-policy-disallow-wildcard-*` rules on the
 * user policy itself. Neither sees that attaching a policy of the stack which allows `*` on `*` makes its users
 * administrators (the wildcard rules report the policy, not who holds it), so this rule reports that attachment.
 */
export const iamUserDisallowAdminPolicies: StackValidationPolicy = {
    name: "iam-user-disallow-admin-policies",
    description: "IAM users must not be attached a policy of the stack that allows `*` on `*` (AWS managed and inline admin policies are reported by the broad-managed-policy and wildcard rules).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Grant the user only the actions it uses; give people administrator access through an assumed role or IAM Identity Center.",
    validateStack: (args, reportViolation) => {
        const fix = "Grant the user only the actions it uses, or give people administrator access through an assumed role or IAM Identity Center.";
        for (const r of args.resources) {
            const users = r.isType(aws.iam.UserPolicyAttachment) ? [String(known(r.props, "user"))]
                : r.isType(aws.iam.PolicyAttachment) ? asStrings(known(r.props, "users")) : [];
            const policy = users.length > 0 ? administratorPolicyOf(r, args.resources) : undefined;
            if (policy !== undefined) {
                reportViolation(`IAM ${r.isType(aws.iam.PolicyAttachment) ? "policy" : "user policy"} attachment '${r.name}' attaches `
                    + `policy '${policy.name}', which allows \`Action\` "*" on \`Resource\` "*", to ${users.length > 1 ? "users" : "user"} ${users.join(", ")}. ${fix}`, r.urn);
            }
        }
    },
};
