/**
 * S3 rules (AWSGuard s3*, cdk-nag S1/S2/S5/S10, checkov CKV_AWS_18/21/53-56/145, CKV2_AWS_6/65). In
 * @pulumi/aws v7 each bucket setting is its own resource, so most checks are stack rules that find the
 * setting resource pointing at each bucket; they also read the deprecated inline settings of `aws.s3.Bucket` and
 * `aws.s3.BucketV2` (`lib/s3.ts`).
 */
import { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PRODUCTION_SCHEMA, isProduction } from "../lib/config";
import { deniesInsecureTransport } from "../lib/iam-document";
import { refersTo } from "../lib/links";
import {
    BUCKET_KEYS, BUCKET_TYPES, PUBLIC_CANNED_ACLS, SETTING_TYPES, forEachBucket, inlineLogTargets, inlineSseAlgorithms, inlineVersioningEnabled,
    isAnyOf, isLegacyCloudFrontLogBucket, publicGrantees,
} from "../lib/s3";
import { asArray, asRecord, known } from "../lib/values";

/** The flags of a public access block, all of which must be on. */
const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** The algorithms that count as default encryption. */
const SSE_ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];

/** How a message names a bucket resource (`aws.s3.Bucket` or `aws.s3.BucketV2`). */
const BUCKET = "S3 bucket";

/** Without a public access block a single bad ACL or policy makes the bucket public. */
export const s3BucketMissingPublicAccessBlock: StackValidationPolicy = {
    name: "s3-bucket-missing-public-access-block",
    description: "Every S3 bucket must have a public access block with all four settings on.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Add `aws.s3.BucketPublicAccessBlock` for the bucket with all four settings true.",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, SETTING_TYPES.publicAccessBlock, (bucket, blocks) => {
        if (!blocks.some((b) => BLOCK_FLAGS.every((f) => known(b.props, f) === true))) {
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
    remediationSteps: "Add a bucket policy statement denying `s3:*` when `aws:SecureTransport` is false.",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, SETTING_TYPES.policy, (bucket, policies) => {
        if (!deniesInsecureTransport(known(bucket.props, "policy")) && !policies.some((p) => deniesInsecureTransport(known(p.props, "policy")))) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketPolicy\` denying requests where \`aws:SecureTransport\` is false. `
                + "Add a Deny statement on `s3:*` with `Condition: { Bool: { \"aws:SecureTransport\": \"false\" } }`.", bucket.urn);
        }
    }),
};

/** Default encryption guarantees no object is ever stored unencrypted, whatever the writer sends. */
export const s3BucketMissingEncryption: StackValidationPolicy = {
    name: "s3-bucket-missing-encryption",
    description: "Every S3 bucket must have default server-side encryption configured (a setting resource or the bucket's inline configuration).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add `aws.s3.BucketServerSideEncryptionConfiguration` with `applyServerSideEncryptionByDefault.sseAlgorithm` (aws:kms or AES256).",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, SETTING_TYPES.encryption, (bucket, configs) => {
        const algorithms = [...inlineSseAlgorithms(bucket.props), ...configs.flatMap((c) => asArray(known(c.props, "rules")))
            .map((r) => asRecord(asRecord(r)["applyServerSideEncryptionByDefault"])["sseAlgorithm"])];
        if (!algorithms.some((a) => SSE_ALGORITHMS.includes(String(a)))) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketServerSideEncryptionConfiguration\` with an \`sseAlgorithm\`. `
                + "Add one with `applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId }`.", bucket.urn);
        }
    }),
};

/** Versioning keeps overwritten and deleted objects recoverable. */
export const s3BucketEnableVersioning: StackValidationPolicy = {
    name: "s3-bucket-enable-versioning",
    description: "Every S3 bucket must have versioning enabled (a setting resource or the bucket's inline `versioning`).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Add `aws.s3.BucketVersioning` with `versioningConfiguration: { status: \"Enabled\" }`.",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, SETTING_TYPES.versioning, (bucket, configs) => {
        if (!inlineVersioningEnabled(bucket.props) && !configs.some((c) => asRecord(known(c.props, "versioningConfiguration"))["status"] === "Enabled")) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketVersioning\` with status Enabled. `
                + "Add `aws.s3.BucketVersioning` with `versioningConfiguration: { status: \"Enabled\" }`.", bucket.urn);
        }
    }),
};

/**
 * With ACLs disabled, access is decided by policies alone and objects always belong to the bucket owner. The one
 * bucket that needs ACLs is the target of CloudFront's legacy standard logging, which writes through the ACL: it is
 * told to keep them with BucketOwnerPreferred, never also to drop them.
 */
export const s3BucketDisallowAcls: StackValidationPolicy = {
    name: "s3-bucket-disallow-acls",
    description: "Every S3 bucket must disable ACLs with object ownership BucketOwnerEnforced, except a CloudFront legacy log bucket, which needs BucketOwnerPreferred.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Add `aws.s3.BucketOwnershipControls` with `objectOwnership: \"BucketOwnerEnforced\"` (BucketOwnerPreferred for a CloudFront legacy log bucket).",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, SETTING_TYPES.ownership, (bucket, controls) => {
        const ownership = controls.map((c) => asRecord(known(c.props, "rule"))["objectOwnership"]);
        if (isLegacyCloudFrontLogBucket(args.resources, bucket)) {
            if (!ownership.includes("BucketOwnerPreferred")) {
                reportViolation(`S3 bucket '${bucket.name}' receives CloudFront legacy access logs (\`loggingConfig.bucket\`) but has no \`aws.s3.BucketOwnershipControls\` with \`objectOwnership\` BucketOwnerPreferred. `
                    + "Set `rule: { objectOwnership: \"BucketOwnerPreferred\" }` so CloudFront can write its logs, or move the distribution to standard logging v2 and disable ACLs.", bucket.urn);
            }
        } else if (!ownership.includes("BucketOwnerEnforced")) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketOwnershipControls\` with \`objectOwnership\` BucketOwnerEnforced. `
                + "Add ownership controls with `rule: { objectOwnership: \"BucketOwnerEnforced\" }`.", bucket.urn);
        }
    }),
};

/** True when the bucket receives access logs: another bucket's logging targets it, or CloudFront's legacy logs do. */
function isLogTarget(resources: PolicyResource[], bucket: PolicyResource): boolean {
    const keys = BUCKET_KEYS.map((k) => known(bucket.props, k)).filter((v) => typeof v === "string" && v !== "");
    return resources.some((r) => (isAnyOf(r, SETTING_TYPES.logging) && refersTo(r, "targetBucket", bucket, BUCKET_KEYS))
        || (r !== bucket && isAnyOf(r, BUCKET_TYPES) && inlineLogTargets(r.props).some((t) => keys.includes(t))))
        || isLegacyCloudFrontLogBucket(resources, bucket);
}

/** Server access logs record every object read, which is what a data-exposure investigation needs. */
export const s3BucketMissingAccessLogs: StackValidationPolicy = {
    name: "s3-bucket-missing-access-logs",
    description: "Every S3 bucket other than a log target must write server access logs (a setting resource or the bucket's inline `logging`).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Add `aws.s3.BucketLogging` with `targetBucket` set to a logs bucket.",
    validateStack: (args, reportViolation) => forEachBucket(args.resources, SETTING_TYPES.logging, (bucket, own) => {
        // A log bucket logging into itself would log its own log writes forever.
        if (own.length === 0 && inlineLogTargets(bucket.props).length === 0 && !isLogTarget(args.resources, bucket)) {
            reportViolation(`S3 bucket '${bucket.name}' has no \`aws.s3.BucketLogging\`. `
                + "Add `aws.s3.BucketLogging` with `targetBucket` set to the logs bucket.", bucket.urn);
        }
    }),
};

/** How a message names a bucket or bucket ACL resource; undefined for other types. */
function aclHolderOf(args: ResourceValidationArgs): string | undefined {
    return isAnyOf(args, BUCKET_TYPES) ? BUCKET : isAnyOf(args, SETTING_TYPES.acl) ? "S3 bucket ACL" : undefined;
}

/** A canned public ACL or a grant to everyone gives the world read (or write) access, bypassing policies. */
export const s3BucketDisallowPublicAcl: ResourceValidationPolicy = {
    name: "s3-bucket-disallow-public-acl",
    description: "S3 buckets and bucket ACLs must not use a public canned ACL nor grant access to AllUsers or AuthenticatedUsers.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove the public canned ACL or public grant; give access through a bucket policy or CloudFront origin access control.",
    validateResource: (args, reportViolation) => {
        const holder = aclHolderOf(args);
        if (holder === undefined) {
            return;
        }
        const acl = known(args.props, "acl");
        if (typeof acl === "string" && PUBLIC_CANNED_ACLS.includes(acl)) {
            reportViolation(`${holder} '${args.name}' has \`acl\` ${acl}. `
                + "Remove `acl` and grant access through a bucket policy or CloudFront origin access control.");
        }
        for (const grantee of publicGrantees(args.props)) {
            reportViolation(`${holder} '${args.name}' grants access to ${grantee} (\`${holder === BUCKET ? "grants" : "accessControlPolicy.grants"}\`). `
                + "Remove the grant and give access through a bucket policy naming the principals.");
        }
    },
};

/** `forceDestroy` empties a bucket on delete; in production that is silent data loss. */
export const s3BucketDisallowForceDestroy: ResourceValidationPolicy = {
    name: "s3-bucket-disallow-force-destroy",
    description: "S3 buckets in production stacks must not set `forceDestroy`.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Remove `forceDestroy` in production.",
    configSchema: PRODUCTION_SCHEMA,
    validateResource: (args, reportViolation) => {
        if (isAnyOf(args, BUCKET_TYPES) && isProduction(args, args.urn) && known(args.props, "forceDestroy") === true) {
            reportViolation(`S3 bucket '${args.name}' has \`forceDestroy\` true in a production stack. `
                + "Remove `forceDestroy` (or set it to false).");
        }
    },
};
