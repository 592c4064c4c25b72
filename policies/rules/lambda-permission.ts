/** Lambda resource policy rules (AWSGuard none, cdk-nag none, checkov CKV_AWS_364). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { present } from "../lib/values";

/**
 * Principal `*` lets any AWS account (and, for a function URL with auth NONE, anyone) invoke the function, and
 * pay for it; a source ARN, source account or organization limits it to the caller meant.
 */
export const lambdaPermissionDisallowPublicPrincipal: ResourceValidationPolicy = {
    name: "lambda-permission-disallow-public-principal",
    description: "Lambda permissions must not grant principal `*` without a `sourceArn`, `sourceAccount` or `principalOrgId`.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateResourceOfType(aws.lambda.Permission, (permission, args, reportViolation) => {
        const limited = ["sourceArn", "sourceAccount", "principalOrgId"].some((k) => present(permission, k));
        if (permission.principal === "*" && !limited) {
            reportViolation(`Lambda permission '${args.name}' grants \`principal\` "*" ${permission.action} without \`sourceArn\`, \`sourceAccount\` or \`principalOrgId\`. `
                + "Name the calling service or account in `principal` and set `sourceArn` (or `sourceAccount`).");
        }
    }),
};
