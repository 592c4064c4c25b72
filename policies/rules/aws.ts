/**
 * The AWS API's own limits on names, descriptions, comments, tags and identifiers (`lib/awsConstraints.ts`).
 * The provider checks few of them, so a value the service refuses passes `pulumi preview` and fails `pulumi up`
 * half-way (the regional web ACL's parenthesised description did, taking its logging and association with it).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { constraintProblems, shorten } from "../lib/constraintCheck";

/** Every value the table covers, checked before anything is created; unknown values are left to `up`. */
export const awsResourceEnforceNameConstraints: ResourceValidationPolicy = {
    name: "aws-resource-enforce-name-constraints",
    description: "Names, descriptions, comments, tags and identifiers must meet the length and character limits of the AWS API that receives them.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Change the value to one the receiving AWS API accepts; the violation names the limit and its API reference.",
    validateResource: (args, reportViolation) => {
        for (const p of constraintProblems(args.type, args.props)) {
            reportViolation(`${args.type} '${args.name}' \`${p.where}\` "${shorten(p.value)}" ${p.problem}. `
                + `Change the value to one the API accepts (${p.doc}).`);
        }
    },
};
