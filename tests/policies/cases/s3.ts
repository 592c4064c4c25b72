import * as rules from "../../../policies/rules/s3";
import { change, without } from "../fixtures";
import { RuleCase } from "../harness";

/** Cases of the S3 rules. */
export const S3_CASES: RuleCase[] = [
    { rule: rules.s3BucketMissingPublicAccessBlock, variants: [{
        change: "the public access block is missing",
        resources: (s) => without(s, "assets-pab"),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketPublicAccessBlock` with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true. Add a public access block for the bucket with all four set to true."],
    }, {
        change: "one public access flag is off",
        resources: (s) => change(s, "logs-pab", { restrictPublicBuckets: false }),
        messages: ["S3 bucket 'logs' has no `aws.s3.BucketPublicAccessBlock` with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all true. Add a public access block for the bucket with all four set to true."],
    }] },
    { rule: rules.s3BucketEnforceTlsPolicy, variants: [{
        change: "the bucket policy does not deny plain HTTP",
        resources: (s) => change(s, "assets-policy", { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::assets/*" }] }) }),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketPolicy` denying requests where `aws:SecureTransport` is false. Add a Deny statement on `s3:*` with `Condition: { Bool: { \"aws:SecureTransport\": \"false\" } }`."],
    }] },
    { rule: rules.s3BucketMissingEncryption, variants: [{
        change: "default encryption is missing",
        resources: (s) => without(s, "assets-sse"),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketServerSideEncryptionConfiguration` with an `sseAlgorithm`. Add one with `applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId }`."],
    }] },
    { rule: rules.s3BucketEnableVersioning, variants: [{
        change: "versioning is suspended",
        resources: (s) => change(s, "assets-versioning", { versioningConfiguration: { status: "Suspended" } }),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketVersioning` with status Enabled. Add `aws.s3.BucketVersioning` with `versioningConfiguration: { status: \"Enabled\" }`."],
    }] },
    { rule: rules.s3BucketDisallowAcls, variants: [{
        change: "ACLs stay enabled",
        resources: (s) => change(s, "assets-ownership", { rule: { objectOwnership: "ObjectWriter" } }),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketOwnershipControls` with `objectOwnership` BucketOwnerEnforced. Add ownership controls with `rule: { objectOwnership: \"BucketOwnerEnforced\" }`."],
    }] },
    { rule: rules.s3BucketMissingAccessLogs, variants: [{
        change: "the assets bucket writes no access logs",
        resources: (s) => without(s, "assets-logging"),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketLogging`. Add `aws.s3.BucketLogging` with `targetBucket` set to the logs bucket.",
            "S3 bucket 'logs' has no `aws.s3.BucketLogging`. Add `aws.s3.BucketLogging` with `targetBucket` set to the logs bucket."],
    }] },
    { rule: rules.s3BucketDisallowPublicAcl, variants: [{
        change: "the bucket is public-read",
        resources: (s) => change(s, "assets", { acl: "public-read" }),
        messages: ["S3 bucket 'assets' has `acl` public-read. Remove `acl` and grant access through a bucket policy or CloudFront origin access control."],
    }] },
    { rule: rules.s3BucketDisallowForceDestroy, variants: [{
        change: "the bucket may be force-destroyed in prod",
        resources: (s) => change(s, "assets", { forceDestroy: true }),
        messages: ["S3 bucket 'assets' has `forceDestroy` true in a production stack. Remove `forceDestroy` (or set it to false)."],
    }] },
];
