/**
 * S3 bucket policy rules (AWSGuard s3-bucket-prohibit-public-*, checkov CKV_AWS_70). A policy may sit on
 * `aws.s3.BucketPolicy` or inline on `aws.s3.Bucket` / `aws.s3.BucketV2`; the rule reads all three.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { publicPolicyValidation } from "../lib/resource-policy";

/**
 * Principal `*` without a condition makes the objects readable (or writable) by anyone on the internet, the
 * usual static-site leak; CloudFront reads a private bucket through origin access control instead.
 */
export const s3BucketPolicyDisallowPublicPrincipal: ResourceValidationPolicy = {
    name: "s3-bucket-policy-disallow-public-principal",
    description: "S3 bucket policies must not allow principal `*` without a condition.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Name the accounts, services or roles in `Principal` (CloudFront through origin access control), or add a condition such as `aws:SourceArn`.",
    validateResource: [
        publicPolicyValidation(aws.s3.BucketPolicy, "S3 bucket policy"),
        publicPolicyValidation(aws.s3.Bucket, "S3 bucket"),
        publicPolicyValidation(aws.s3.BucketV2, "S3 bucket"),
    ],
};
