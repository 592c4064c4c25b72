/**
 * The shapes an S3 bucket's settings take in @pulumi/aws 7.x programs: a setting resource pointing at the bucket
 * (`aws.s3.BucketVersioning` and its `...V2` twin), or the deprecated inline property of `aws.s3.Bucket` (single
 * objects: `versioning`, `serverSideEncryptionConfiguration`, `logging`) or of `aws.s3.BucketV2` (lists:
 * `versionings`, `serverSideEncryptionConfigurations`, `loggings`). The S3 rules read every shape, so a program
 * written either way is judged on what it configures.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { refersTo } from "./links";
import { asArray, asRecord, known } from "./values";

/** A resource class as `PolicyResource.isType` takes it. */
type ResourceClass = Parameters<PolicyResource["isType"]>[0];

/** The bucket outputs another resource's `bucket` field can hold. */
export const BUCKET_KEYS = ["bucket", "id"];

/** The bucket resource types. */
export const BUCKET_TYPES: readonly ResourceClass[] = [aws.s3.Bucket, aws.s3.BucketV2];

/** The setting resource types of each bucket setting, current name first. */
export const SETTING_TYPES = Object.freeze({
    publicAccessBlock: [aws.s3.BucketPublicAccessBlock],
    policy: [aws.s3.BucketPolicy],
    encryption: [aws.s3.BucketServerSideEncryptionConfiguration, aws.s3.BucketServerSideEncryptionConfigurationV2],
    versioning: [aws.s3.BucketVersioning, aws.s3.BucketVersioningV2],
    ownership: [aws.s3.BucketOwnershipControls],
    logging: [aws.s3.BucketLogging, aws.s3.BucketLoggingV2],
    acl: [aws.s3.BucketAcl, aws.s3.BucketAclV2],
} satisfies Record<string, ResourceClass[]>);

/** True when the resource is of one of the types. */
export const isAnyOf = (r: { isType: PolicyResource["isType"] }, types: readonly ResourceClass[]) => types.some((t) => r.isType(t));

/** The value of a v7 single-object property and of its v6 list twin, as one list. */
function inline(props: Record<string, unknown>, single: string, list: string): Record<string, unknown>[] {
    return [known(props, single), ...asArray(known(props, list))].filter((v) => v !== undefined && v !== null).map(asRecord);
}

/**
 * Calls `check` for each bucket with the setting resources of the given types that point at it (by the engine's
 * dependency record or by value, see `refersTo`).
 */
export function forEachBucket(resources: PolicyResource[], types: readonly ResourceClass[],
    check: (bucket: PolicyResource, settings: PolicyResource[]) => void): void {
    const all = resources.filter((r) => isAnyOf(r, types));
    for (const bucket of resources.filter((r) => isAnyOf(r, BUCKET_TYPES))) {
        check(bucket, all.filter((s) => refersTo(s, "bucket", bucket, BUCKET_KEYS)));
    }
}

/** The default encryption algorithms a bucket sets inline (v7 `rule`, v6 `rules[].applyServerSideEncryptionByDefaults[]`). */
export function inlineSseAlgorithms(props: Record<string, unknown>): unknown[] {
    return inline(props, "serverSideEncryptionConfiguration", "serverSideEncryptionConfigurations").flatMap((config) => {
        const rules = [config["rule"], ...asArray(config["rules"])].filter((r) => r !== undefined).map(asRecord);
        return rules.flatMap((rule) => [rule["applyServerSideEncryptionByDefault"], ...asArray(rule["applyServerSideEncryptionByDefaults"])])
            .map((d) => asRecord(d)["sseAlgorithm"]);
    });
}

/** True when the bucket turns versioning on inline (`versioning.enabled` or `versionings[].enabled`). */
export function inlineVersioningEnabled(props: Record<string, unknown>): boolean {
    return inline(props, "versioning", "versionings").some((v) => v["enabled"] === true);
}

/** The `targetBucket` values of the bucket's inline access logging (`logging` or `loggings[]`). */
export function inlineLogTargets(props: Record<string, unknown>): unknown[] {
    return inline(props, "logging", "loggings").map((l) => l["targetBucket"]).filter((t) => t !== undefined);
}

/** The canned ACLs that open a bucket to everyone or to every AWS account. */
export const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];

/** The grantee groups that stand for everyone and for every AWS account. */
const PUBLIC_GROUP = /^https?:\/\/acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/**
 * The public groups granted access by a bucket's inline `grants` (`{ type: "Group", uri }`) or by an
 * `aws.s3.BucketAcl`'s `accessControlPolicy.grants[].grantee`.
 */
export function publicGrantees(props: Record<string, unknown>): string[] {
    const inlineGrants = asArray(known(props, "grants")).map(asRecord);
    const policyGrants = asArray(asRecord(known(props, "accessControlPolicy"))["grants"]).map((g) => asRecord(asRecord(g)["grantee"]));
    return [...inlineGrants, ...policyGrants].map((g) => g["uri"]).filter((u): u is string => typeof u === "string" && PUBLIC_GROUP.test(u));
}

/**
 * True when a CloudFront distribution writes legacy standard logs into the bucket (`loggingConfig.bucket`, the
 * bucket's domain name `<bucket>.s3.amazonaws.com`). CloudFront delivers those logs through the bucket's ACL,
 * so such a bucket must keep ACLs enabled.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 */
export function isLegacyCloudFrontLogBucket(resources: PolicyResource[], bucket: PolicyResource): boolean {
    const name = known(bucket.props, "bucket");
    return resources.filter((r) => r.isType(aws.cloudfront.Distribution)).some((d) => {
        if ((d.propertyDependencies["loggingConfig"] ?? []).some((dep) => dep.urn === bucket.urn)) {
            return true;
        }
        const target = known(asRecord(known(d.props, "loggingConfig")), "bucket");
        return typeof target === "string" && target !== ""
            && (target === known(bucket.props, "bucketDomainName") || (typeof name === "string" && target.startsWith(`${name}.s3.`)));
    });
}
