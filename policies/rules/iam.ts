/**
 * IAM rules (AWSGuard iam*, cdk-nag IAM4/IAM5, checkov CKV_AWS_1/49/60/62/274/290/355, CKV2_AWS_40).
 * Each function has its own least-privilege role; these rules keep it that way.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, ResourceValidationArgs, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { Statement, allowStatementsOf, inlinePolicyDocuments, isWriteAction } from "../lib/iam-document";
import { asStrings } from "../lib/values";

/** AWS managed policies that grant far more than one function needs. */
const BROAD_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

/** Actions that AWS only authorizes on `*` (no resource-level permissions), allowed on `*` by default. */
const WILDCARD_RESOURCE_DEFAULTS = Object.freeze({
    allowedActions: [
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries", "cloudwatch:PutMetricData",
    ],
});

/** The policy documents of a Role (inline), RolePolicy or Policy, with how to call them in a message. */
function documentsOf(args: ResourceValidationArgs): unknown[] {
    if (args.isType(aws.iam.Role)) {
        return inlinePolicyDocuments(args.props["inlinePolicies"]);
    }
    return [args.props["policy"]];
}

/** A rule body checking each `Allow` statement of every document of an IAM role or policy resource. */
function eachAllowStatement(check: (s: Statement, args: ResourceValidationArgs, report: ReportViolation) => void) {
    return (args: ResourceValidationArgs, report: ReportViolation) => {
        if (!args.isType(aws.iam.Role) && !args.isType(aws.iam.RolePolicy) && !args.isType(aws.iam.Policy)) {
            return;
        }
        for (const statement of documentsOf(args).flatMap(allowStatementsOf)) {
            check(statement, args, report);
        }
    };
}

/** The kind of IAM resource, for messages. */
function kindOf(args: ResourceValidationArgs): string {
    return args.isType(aws.iam.Role) ? "IAM role" : args.isType(aws.iam.RolePolicy) ? "IAM role policy" : "IAM policy";
}

/** AWS managed FullAccess, PowerUser and Administrator policies defeat least privilege. */
export const iamRoleDisallowBroadManagedPolicies: ResourceValidationPolicy = {
    name: "iam-role-disallow-broad-managed-policies",
    description: "IAM roles must not have AWS managed *FullAccess, PowerUserAccess or AdministratorAccess policies attached.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: [
        validateResourceOfType(aws.iam.Role, (role, args, reportViolation) => {
            for (const arn of asStrings(role.managedPolicyArns).filter((a) => BROAD_MANAGED_POLICY.test(a))) {
                reportViolation(`IAM role '${args.name}' has ${arn} in \`managedPolicyArns\`. `
                    + "Replace it with an inline policy granting only the actions and resources the role uses.");
            }
        }),
        validateResourceOfType(aws.iam.RolePolicyAttachment, (attachment, args, reportViolation) => {
            if (BROAD_MANAGED_POLICY.test(String(attachment.policyArn))) {
                reportViolation(`IAM role policy attachment '${args.name}' attaches ${attachment.policyArn} (\`policyArn\`). `
                    + "Replace it with an inline policy granting only the actions and resources the role uses.");
            }
        }),
    ],
};

/** `*` or `service:*` grants every present and future action of the service. */
export const iamPolicyDisallowWildcardActions: ResourceValidationPolicy = {
    name: "iam-policy-disallow-wildcard-actions",
    description: "IAM policies must not allow `*` or `service:*` actions, nor use NotAction in an Allow statement.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: eachAllowStatement((s, args, reportViolation) => {
        const wildcards = s.actions.filter((a) => a === "*" || a.endsWith(":*"));
        if (wildcards.length > 0 || s.notActions.length > 0) {
            reportViolation(`${kindOf(args)} '${args.name}' allows ${wildcards.length > 0 ? `\`Action\` ${wildcards.join(", ")}` : "`NotAction`"}. `
                + "List the specific actions the principal calls.");
        }
    }),
};

/** A write action on `*` reaches every table, bucket and key in the account, not only the stack's own. */
export const iamPolicyDisallowWildcardResourceForWrites: ResourceValidationPolicy = {
    name: "iam-policy-disallow-wildcard-resource-for-writes",
    description: "IAM policies must not allow write actions on `*` resources, except actions AWS only authorizes on `*`.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            allowedActions: { type: "array", items: { type: "string" }, default: WILDCARD_RESOURCE_DEFAULTS.allowedActions,
                description: "Actions allowed on `*` because they support no resource-level permission." },
        },
    },
    validateResource: eachAllowStatement((s, args, reportViolation) => {
        const { allowedActions } = configOf(args, WILDCARD_RESOURCE_DEFAULTS);
        const writes = s.actions.filter((a) => isWriteAction(a) && !allowedActions.includes(a));
        if (s.resources.includes("*") && writes.length > 0) {
            reportViolation(`${kindOf(args)} '${args.name}' allows ${writes.join(", ")} on \`Resource\` "*". `
                + "Scope `Resource` to the ARNs the principal writes to.");
        }
    }),
};

/** A trust policy with principal `*` lets any AWS account assume the role. */
export const iamRoleDisallowWildcardTrust: ResourceValidationPolicy = {
    name: "iam-role-disallow-wildcard-trust",
    description: "IAM role trust policies must not allow the `*` principal without a condition.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateResourceOfType(aws.iam.Role, (role, args, reportViolation) => {
        if (allowStatementsOf(role.assumeRolePolicy).some((s) => s.principals.includes("*") && Object.keys(s.condition).length === 0)) {
            reportViolation(`IAM role '${args.name}' has an \`assumeRolePolicy\` allowing principal "*" without a condition. `
                + "Trust only the service (e.g. lambda.amazonaws.com) or the accounts that assume the role.");
        }
    }),
};
