/**
 * Readers for resource-based policies (bucket, queue, topic and repository policies) and for the IAM documents
 * that grant everything, shared by the rules that flag public principals and administrator grants.
 */
import { ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { Statement, allowStatementsOf } from "./iam-document";
import { known } from "./values";

/**
 * The `Allow` statements of a resource policy open to anyone: principal `"*"` or `{ AWS: "*" }` and no
 * `Condition`. A condition (source account, source ARN, organization, VPC endpoint) narrows "anyone" to callers
 * the owner named, so a statement with one is left to the owner.
 */
export function publicStatements(document: unknown): Statement[] {
    return allowStatementsOf(document).filter((s) => s.principals.includes("*") && Object.keys(s.condition).length === 0);
}

/** True when the document allows every action (`*`) on every resource (`*`): administrator access. */
export function grantsAdministrator(document: unknown): boolean {
    return allowStatementsOf(document).some((s) => s.actions.includes("*") && s.resources.includes("*"));
}

/** The violation text shared by the public-principal rules: what was found and how to fix it. */
function publicPrincipalMessage(kind: string, name: string, field: string, statements: Statement[]): string {
    const actions = [...new Set(statements.flatMap((s) => s.actions))].join(", ") || "NotAction";
    return `${kind} '${name}' has a \`${field}\` allowing principal "*" (${actions}) without a \`Condition\`. `
        + "Name the accounts, services or roles in `Principal`, or add a condition such as `aws:SourceArn`, "
        + "`aws:SourceAccount` or `aws:PrincipalOrgID`.";
}

/** A resource class as `args.isType` takes it. */
type ResourceClass = Parameters<ResourceValidationArgs["isType"]>[0];

/**
 * A validation reporting a resource of `cls` whose `policy` input allows principal `*` without a condition;
 * `kind` names the resource in the message ("SQS queue policy").
 */
export function publicPolicyValidation(cls: ResourceClass, kind: string): ResourceValidation {
    return (args, reportViolation) => {
        const open = args.isType(cls) ? publicStatements(known(args.props, "policy")) : [];
        if (open.length > 0) {
            reportViolation(publicPrincipalMessage(kind, args.name, "policy", open));
        }
    };
}
