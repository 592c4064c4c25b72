/**
 * IAM rules (AWSGuard iam*, cdk-nag IAM4/IAM5, checkov CKV_AWS_1/49/60/62/274/290/355, CKV2_AWS_40).
 * Each function has its own least-privilege role; these rules keep it that way.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, ResourceValidationArgs, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { Statement, allowStatementsOf, inlinePolicyDocuments, isWriteAction } from "../lib/iam-document";
import { asStrings, known } from "../lib/values";

/** AWS managed policies that grant far more than one function needs. */
const BROAD_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(.*\/)?(AdministratorAccess|PowerUserAccess|[A-Za-z0-9]*FullAccess)$/;

/** Actions that AWS only authorizes on `*` (no resource-level permissions), allowed on `*` by default. */
const WILDCARD_RESOURCE_DEFAULTS = Object.freeze({
    allowedActions: [
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries", "cloudwatch:PutMetricData",
    ],
});

/** The resources holding IAM policy documents, each with how a message names it. */
const DOCUMENT_HOLDERS: readonly [cls: Parameters<ResourceValidationArgs["isType"]>[0], kind: string][] = [
    [aws.iam.Role, "IAM role"], [aws.iam.RolePolicy, "IAM role policy"], [aws.iam.Policy, "IAM policy"],
    [aws.iam.UserPolicy, "IAM user policy"], [aws.iam.GroupPolicy, "IAM group policy"],
];

/** The attachments of managed policies to a role, user or group (`policyArn`), with how a message names it and its holder. */
const ATTACHMENTS: readonly [cls: Parameters<ResourceValidationArgs["isType"]>[0], kind: string, holder: string][] = [
    [aws.iam.RolePolicyAttachment, "IAM role policy attachment", "the role uses"], [aws.iam.UserPolicyAttachment, "IAM user policy attachment", "the user uses"],
    [aws.iam.GroupPolicyAttachment, "IAM group policy attachment", "the group uses"], [aws.iam.PolicyAttachment, "IAM policy attachment", "its roles, users and groups use"],
];

/** A rule body checking each `Allow` statement of every document of an IAM role, user, group or policy resource. */
function eachAllowStatement(check: (s: Statement, kind: string, args: ResourceValidationArgs, report: ReportViolation) => void) {
    return (args: ResourceValidationArgs, report: ReportViolation) => {
        const kind = DOCUMENT_HOLDERS.find(([cls]) => args.isType(cls))?.[1];
        if (kind === undefined) {
            return;
        }
        const documents = args.isType(aws.iam.Role) ? inlinePolicyDocuments(known(args.props, "inlinePolicies")) : [known(args.props, "policy")];
        for (const statement of documents.flatMap(allowStatementsOf)) {
            check(statement, kind, args, report);
        }
    };
}

/** AWS managed FullAccess, PowerUser and Administrator policies defeat least privilege, whoever holds them. */
export const iamPrincipalDisallowBroadManagedPolicies: ResourceValidationPolicy = {
    name: "iam-principal-disallow-broad-managed-policies",
    description: "IAM roles, users and groups must not have AWS managed *FullAccess, PowerUserAccess or AdministratorAccess policies attached.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Replace the AWS managed policy with a policy granting only the actions and resources the role, user or group uses.",
    validateResource: [
        validateResourceOfType(aws.iam.Role, (role, args, reportViolation) => {
            for (const arn of asStrings(known(role, "managedPolicyArns")).filter((a) => BROAD_MANAGED_POLICY.test(a))) {
                reportViolation(`IAM role '${args.name}' has ${arn} in \`managedPolicyArns\`. `
                    + "Replace it with an inline policy granting only the actions and resources the role uses.");
            }
        }),
        (args, reportViolation) => {
            const attachment = ATTACHMENTS.find(([cls]) => args.isType(cls));
            const arn = known(args.props, "policyArn");
            if (attachment !== undefined && typeof arn === "string" && BROAD_MANAGED_POLICY.test(arn)) {
                const [, kind, holder] = attachment;
                reportViolation(`${kind} '${args.name}' attaches ${arn} (\`policyArn\`). `
                    + `Replace it with a policy granting only the actions and resources ${holder}.`);
            }
        },
    ],
};

/** `*` or `service:*` grants every present and future action of the service. */
export const iamPolicyDisallowWildcardActions: ResourceValidationPolicy = {
    name: "iam-policy-disallow-wildcard-actions",
    description: "IAM policies must not allow `*` or `service:*` actions, nor use NotAction in an Allow statement.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "List the specific actions the principal calls instead of `*`, `service:*` or `NotAction`.",
    validateResource: eachAllowStatement((s, kind, args, reportViolation) => {
        const wildcards = s.actions.filter((a) => a === "*" || a.endsWith(":*"));
        if (wildcards.length > 0 || s.notActions.length > 0) {
            reportViolation(`${kind} '${args.name}' allows ${wildcards.length > 0 ? `\`Action\` ${wildcards.join(", ")}` : "`NotAction`"}. `
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
    remediationSteps: "Scope `Resource` to the ARNs written to; list actions AWS only authorizes on `*` in `allowedActions`.",
    configSchema: {
        properties: {
            allowedActions: { type: "array", items: { type: "string" }, default: WILDCARD_RESOURCE_DEFAULTS.allowedActions,
                description: "Actions allowed on `*` because they support no resource-level permission." },
        },
    },
    validateResource: eachAllowStatement((s, kind, args, reportViolation) => {
        const { allowedActions } = configOf(args, WILDCARD_RESOURCE_DEFAULTS);
        const writes = s.actions.filter((a) => isWriteAction(a) && !allowedActions.includes(a));
        if (s.resources.includes("*") && writes.length > 0) {
            reportViolation(`${kind} '${args.name}' allows ${writes.join(", ")} on \`Resource\` "*". `
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
    remediationSteps: "Trust only the service or accounts that assume the role, or add a condition (e.g. `aws:SourceAccount`, `sts:ExternalId`).",
    validateResource: validateResourceOfType(aws.iam.Role, (role, args, reportViolation) => {
        if (allowStatementsOf(role.assumeRolePolicy).some((s) => s.principals.includes("*") && Object.keys(s.condition).length === 0)) {
            reportViolation(`IAM role '${args.name}' has an \`assumeRolePolicy\` allowing principal "*" without a condition. `
                + "Trust only the service (e.g. lambda.amazonaws.com) or the accounts that assume the role.");
        }
    }),
};
