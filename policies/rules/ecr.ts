/** ECR rules (checkov CKV_AWS_32). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { publicPolicyValidation } from "../lib/resource-policy";

/** Principal `*` lets any AWS account pull (or, with write actions, replace) the repository's images. */
export const ecrRepositoryPolicyDisallowPublicPrincipal: ResourceValidationPolicy = {
    name: "ecr-repository-policy-disallow-public-principal",
    description: "ECR repository policies must not allow principal `*` without a condition.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the accounts, services or roles in `Principal`, or add a condition such as `aws:PrincipalOrgID`.",
    validateResource: publicPolicyValidation(aws.ecr.RepositoryPolicy, "ECR repository policy"),
};
