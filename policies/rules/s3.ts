/**
 * S3 rules (AWSGuard s3*, cdk-nag S1/S2/S5/S10, checkov CKV_AWS_18/21/53-56/145, CKV2_AWS_6/65). In
 * @pulumi/aws v7 each bucket setting is its own resource, so most checks are stack rules that find the
 * setting resource pointing at each bucket.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, isProduction } from "../lib/config";
import { deniesInsecureTransport } from "../lib/iam-document";
import { refersTo } from "../lib/links";
import { asArray, asRecord } from "../lib/values";

/** The bucket outputs another resource's `bucket` field can hold. */
const BUCKET_KEYS = ["bucket", "id"];

/** The flags of a public access block, all of which must be on. */
const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** Calls `check` for each bucket with the setting resources of `type` that point at it. */
function forEachBucket(resources: PolicyResource[], type: Parameters<PolicyResource["isType"]>[0],
    check: (bucket: PolicyResource, settings: PolicyResource[]) => void): void {
    const all = resources.filter((r) => r.isType(type));
    for (const bucket of resources.filter((r) => r.isType(aws.s3.Bucket))) {
        check(bucket, all.filter((s) => refersTo(s, "bucket", bucket, BUCKET_KEYS)));
    }
}

/** Without a public access block a single bad ACL or policy makes the bucket public. */
export const s3BucketMissingPublicAccessBlock: StackValidationPolicy = {
    name: "s3-bucket-missing-public-access-block",
    description: "Every S3 bucket must have a public access block with all four settings on.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, aws.s3.BucketPublicAccessBlock, (bucket, blocks) => {
        if (!blocks.some((b) => BLOCK_FLAGS.every((f) => b.props[f] === true))) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketPublicAccessBlock\` with ${BLOCK_FLAGS.join(", ")} all true. `
                + "Add a public access block for the bucket with all four set to true.", bucket.urn);
        }
    }),
};

/** Without a deny on insecure transport, clients may read and write objects over plain HTTP. */
export const s3BucketEnforceTlsPolicy: StackValidationPolicy = {
    name: "s3-bucket-enforce-tls-policy",
    description: "Every S3 bucket must have a bucket policy denying requests without TLS (aws:SecureTransport false).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, aws.s3.BucketPolicy, (bucket, policies) => {
        if (!policies.some((p) => deniesInsecureTransport(p.props["policy"]))) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketPolicy\` denying requests where \`aws:SecureTransport\` is false. `
                + "Add a Deny statement on `s3:*` with `Condition: { Bool: { \"aws:SecureTransport\": \"false\" } }`.", bucket.urn);
        }
    }),
};

/** Default encryption guarantees no object is ever stored unencrypted, whatever the writer sends. */
export const s3BucketMissingEncryption: StackValidationPolicy = {
    name: "s3-bucket-missing-encryption",
    description: "Every S3 bucket must have default server-side encryption configured.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, aws.s3.BucketServerSideEncryptionConfiguration, (bucket, configs) => {
        const algorithms = configs.flatMap((c) => asArray(c.props["rules"]))
            .map((r) => asRecord(asRecord(r)["applyServerSideEncryptionByDefault"])["sseAlgorithm"]);
        if (!algorithms.some((a) => a === "aws:kms" || a === "aws:kms:dsse" || a === "AES256")) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketServerSideEncryptionConfiguration\` with an \`sseAlgorithm\`. `
                + "Add one with `applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId }`.", bucket.urn);
        }
    }),
};

/** Versioning keeps overwritten and deleted objects recoverable. */
export const s3BucketEnableVersioning: StackValidationPolicy = {
    name: "s3-bucket-enable-versioning",
    description: "Every S3 bucket must have versioning enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, aws.s3.BucketVersioning, (bucket, configs) => {
        if (!configs.some((c) => asRecord(c.props["versioningConfiguration"])["status"] === "Enabled")) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketVersioning\` with status Enabled. `
                + "Add `aws.s3.BucketVersioning` with `versioningConfiguration: { status: \"Enabled\" }`.", bucket.urn);
        }
    }),
};

/** With ACLs disabled, access is decided by policies alone and objects always belong to the bucket owner. */
export const s3BucketDisallowAcls: StackValidationPolicy = {
    name: "s3-bucket-disallow-acls",
    description: "Every S3 bucket must disable ACLs with object ownership BucketOwnerEnforced.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, aws.s3.BucketOwnershipControls, (bucket, controls) => {
        if (!controls.some((c) => asRecord(c.props["rule"])["objectOwnership"] === "BucketOwnerEnforced")) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketOwnershipControls\` with \`objectOwnership\` BucketOwnerEnforced. `
                + "Add ownership controls with `rule: { objectOwnership: \"BucketOwnerEnforced\" }`.", bucket.urn);
        }
    }),
};

/** Server access logs record every object read, which is what a data-exposure investigation needs. */
export const s3BucketMissingAccessLogs: StackValidationPolicy = {
    name: "s3-bucket-missing-access-logs",
    description: "Every S3 bucket other than a log target must write server access logs.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateStack: (args, reportViolation) => {
        const loggings = args.resources.filter((r) => r.isType(aws.s3.BucketLogging));
        forEachBucket(args.resources, aws.s3.BucketLogging, (bucket, own) => {
            // A log bucket logging into itself would log its own log writes forever.
            const isTarget = loggings.some((l) => refersTo(l, "targetBucket", bucket, BUCKET_KEYS));
            if (own.length === 0 && !isTarget) {
                reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketLogging\`. `
                    + "Add `aws.s3.BucketLogging` with `targetBucket` set to the logs bucket.", bucket.urn);
            }
        });
    },
};

/** A canned public ACL grants the world read (or write) access, bypassing policies. */
export const s3BucketDisallowPublicAcl: ResourceValidationPolicy = {
    name: "s3-bucket-disallow-public-acl",
    description: "S3 buckets must not use a public canned ACL.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateResourceOfType(aws.s3.Bucket, (bucket, args, reportViolation) => {
        if (["public-read", "public-read-write", "authenticated-read"].includes(String(bucket.acl))) {
            reportViolation(`S3 bucket '${args.name}' has \`acl\` ${String(bucket.acl)}. `
                + "Remove `acl` and grant access through a bucket policy or CloudFront origin access control.");
        }
    }),
};

/** `forceDestroy` empties a bucket on delete; in production that is silent data loss. */
export const s3BucketDisallowForceDestroy: ResourceValidationPolicy = {
    name: "s3-bucket-disallow-force-destroy",
    description: "S3 buckets in production stacks must not set `forceDestroy`.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: validateResourceOfType(aws.s3.Bucket, (bucket, args, reportViolation) => {
        if (isProduction(args, args.urn) && bucket.forceDestroy === true) {
            reportViolation(`S3 bucket '${args.name}' has \`forceDestroy\` true in a production stack. `
                + "Remove `forceDestroy` (or set it to false).");
        }
    }),
};
