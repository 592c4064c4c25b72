/**
 * The Portcullis CrossGuard policy pack: `pulumi preview --policy-pack policies`.
 * A security baseline for any Pulumi AWS program, plus Portcullis conventions that run only on a stack that opts
 * in. Rules are mandatory unless the stack's policy config makes one advisory (see README.md).
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./rules";

new PolicyPack("portcullis", {
    description: "AWS security baseline for Pulumi programs (API Gateway, CloudFront, WAFv2, Cognito, Lambda, data stores, IAM, cross-resource stack rules), plus opt-in Portcullis conventions.",
    enforcementLevel: "mandatory",
    policies: POLICIES,
});
