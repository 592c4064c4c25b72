import * as aws from "@pulumi/aws";
import * as rules from "../../../policies/rules/s3";
import { OfflineResource } from "../../../policies/offline";
import { added, change, typeOf, without } from "../fixtures";
import { RuleCase } from "../harness";

/** The assets bucket as an `aws.s3.BucketV2` of a program written for @pulumi/aws 6 (same settings resources). */
const assetsAsBucketV2 = (s: OfflineResource[]) => s.map((r) => (r.name === "assets"
    ? { ...r, type: typeOf(aws.s3.BucketV2), urn: r.urn?.replace(typeOf(aws.s3.Bucket), typeOf(aws.s3.BucketV2)) } : r));

/**
 * The logs bucket as the target of a distribution's legacy standard logging, which CloudFront writes through the
 * bucket's ACL, with the ownership AWS asks for.
 */
const legacyCdnLogs = (s: OfflineResource[]) => change(change(s, "cdn", { loggingConfig: { bucket: "logs.s3.amazonaws.com", prefix: "cdn/" } }),
    "logs-ownership", { rule: { objectOwnership: "BucketOwnerPreferred" } });

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
    }, {
        change: "a BucketV2 has no default encryption",
        resources: (s) => assetsAsBucketV2(without(s, "assets-sse")),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketServerSideEncryptionConfiguration` with an `sseAlgorithm`. Add one with `applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\", kmsMasterKeyId }`."],
    }], passing: [{
        change: "the bucket sets default encryption inline (serverSideEncryptionConfiguration.rule)",
        resources: (s) => change(without(s, "assets-sse"), "assets", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } }),
    }, {
        change: "a BucketV2 sets default encryption inline (serverSideEncryptionConfigurations[].rules[])",
        resources: (s) => assetsAsBucketV2(change(without(s, "assets-sse"), "assets", { serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "aws:kms" }] }] }] })),
    }, {
        change: "the setting is a BucketServerSideEncryptionConfigurationV2",
        resources: (s) => s.map((r) => (r.name === "assets-sse" ? { ...r, type: typeOf(aws.s3.BucketServerSideEncryptionConfigurationV2) } : r)),
    }] },
    { rule: rules.s3BucketEnableVersioning, variants: [{
        change: "versioning is suspended",
        resources: (s) => change(s, "assets-versioning", { versioningConfiguration: { status: "Suspended" } }),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketVersioning` with status Enabled. Add `aws.s3.BucketVersioning` with `versioningConfiguration: { status: \"Enabled\" }`."],
    }, {
        change: "inline versioning is off",
        resources: (s) => change(without(s, "assets-versioning"), "assets", { versioning: { enabled: false } }),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketVersioning` with status Enabled. Add `aws.s3.BucketVersioning` with `versioningConfiguration: { status: \"Enabled\" }`."],
    }], passing: [{
        change: "the bucket enables versioning inline",
        resources: (s) => change(without(s, "assets-versioning"), "assets", { versioning: { enabled: true } }),
    }, {
        change: "a BucketV2 enables versioning inline (versionings[])",
        resources: (s) => assetsAsBucketV2(change(without(s, "assets-versioning"), "assets", { versionings: [{ enabled: true }] })),
    }] },
    { rule: rules.s3BucketDisallowAcls, variants: [{
        change: "ACLs stay enabled",
        resources: (s) => change(s, "assets-ownership", { rule: { objectOwnership: "ObjectWriter" } }),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketOwnershipControls` with `objectOwnership` BucketOwnerEnforced. Add ownership controls with `rule: { objectOwnership: \"BucketOwnerEnforced\" }`."],
    }, {
        change: "the CloudFront legacy log bucket disables ACLs, so CloudFront cannot write its logs",
        resources: (s) => change(legacyCdnLogs(s), "logs-ownership", { rule: { objectOwnership: "BucketOwnerEnforced" } }),
        messages: ["S3 bucket 'logs' receives CloudFront legacy access logs (`loggingConfig.bucket`) but has no `aws.s3.BucketOwnershipControls` with `objectOwnership` BucketOwnerPreferred. Set `rule: { objectOwnership: \"BucketOwnerPreferred\" }` so CloudFront can write its logs, or move the distribution to standard logging v2 and disable ACLs."],
    }], passing: [{
        change: "the CloudFront legacy log bucket keeps ACLs with BucketOwnerPreferred",
        resources: legacyCdnLogs,
    }] },
    { rule: rules.s3BucketMissingAccessLogs, variants: [{
        change: "the assets bucket writes no access logs",
        resources: (s) => without(s, "assets-logging"),
        messages: ["S3 bucket 'assets' has no `aws.s3.BucketLogging`. Add `aws.s3.BucketLogging` with `targetBucket` set to the logs bucket.",
            "S3 bucket 'logs' has no `aws.s3.BucketLogging`. Add `aws.s3.BucketLogging` with `targetBucket` set to the logs bucket."],
    }], passing: [{
        change: "the assets bucket logs inline into the logs bucket, which stays exempt as the target",
        resources: (s) => change(without(s, "assets-logging"), "assets", { logging: { targetBucket: "logs", targetPrefix: "assets/" } }),
    }, {
        change: "a BucketV2 logs inline (loggings[])",
        resources: (s) => assetsAsBucketV2(change(without(s, "assets-logging"), "assets", { loggings: [{ targetBucket: "logs" }] })),
    }, {
        change: "the logs bucket only receives CloudFront legacy logs",
        resources: (s) => legacyCdnLogs(without(s, "assets-logging").filter((r) => r.name !== "assets")),
    }] },
    { rule: rules.s3BucketDisallowPublicAcl, variants: [{
        change: "the bucket is public-read",
        resources: (s) => change(s, "assets", { acl: "public-read" }),
        messages: ["S3 bucket 'assets' has `acl` public-read. Remove `acl` and grant access through a bucket policy or CloudFront origin access control."],
    }, {
        change: "the bucket grants READ to AllUsers inline",
        resources: (s) => change(s, "assets", { grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] }] }),
        messages: ["S3 bucket 'assets' grants access to http://acs.amazonaws.com/groups/global/AllUsers (`grants`). Remove the grant and give access through a bucket policy naming the principals."],
    }, {
        change: "a BucketAcl sets public-read-write",
        resources: (s) => [...s, added(aws.s3.BucketAcl, "assets-acl", { bucket: "assets", acl: "public-read-write" })],
        messages: ["S3 bucket ACL 'assets-acl' has `acl` public-read-write. Remove `acl` and grant access through a bucket policy or CloudFront origin access control."],
    }, {
        change: "a BucketAclV2 grants AuthenticatedUsers in its access control policy",
        resources: (s) => [...s, added(aws.s3.BucketAclV2, "assets-acl", { bucket: "assets", accessControlPolicy: { owner: { id: "o" },
            grants: [{ permission: "READ", grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" } }] } })],
        messages: ["S3 bucket ACL 'assets-acl' grants access to http://acs.amazonaws.com/groups/global/AuthenticatedUsers (`accessControlPolicy.grants`). Remove the grant and give access through a bucket policy naming the principals."],
    }], passing: [{
        change: "a BucketAcl grants the log delivery group only, as legacy CloudFront logging needs",
        resources: (s) => [...s, added(aws.s3.BucketAcl, "logs-acl", { bucket: "logs", accessControlPolicy: { owner: { id: "o" },
            grants: [{ permission: "FULL_CONTROL", grantee: { type: "CanonicalUser", id: "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0" } }] } })],
    }] },
    { rule: rules.s3BucketDisallowForceDestroy, variants: [{
        change: "the bucket may be force-destroyed in prod",
        resources: (s) => change(s, "assets", { forceDestroy: true }),
        messages: ["S3 bucket 'assets' has `forceDestroy` true in a production stack. Remove `forceDestroy` (or set it to false)."],
    }, {
        change: "a BucketV2 may be force-destroyed in prod",
        resources: (s) => assetsAsBucketV2(change(s, "assets", { forceDestroy: true })),
        messages: ["S3 bucket 'assets' has `forceDestroy` true in a production stack. Remove `forceDestroy` (or set it to false)."],
    }] },
];
