/**
 * The Portcullis CrossGuard policy pack: `pulumi preview --policy-pack policies`.
 * Rules are mandatory unless the stack's policy config makes one advisory (see README.md).
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./rules";

new PolicyPack("portcullis", {
    description: "Security rules for Portcullis stacks: API Gateway, CloudFront, WAFv2, Cognito, Lambda, data stores, IAM, Shield and cross-resource stack rules.",
    enforcementLevel: "mandatory",
    policies: POLICIES,
});
