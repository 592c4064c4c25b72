import { asArray, asRecord } from "./values";

/** The header CloudFront adds to API requests and the regional WAF requires (Portcullis convention). */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";

/** An origin of a distribution, as a record. */
export type Origin = Record<string, unknown>;

/** The origins of a distribution. */
export function originsOf(distribution: { origins?: unknown }): Origin[] {
    return asArray(distribution.origins).map(asRecord);
}

/** True for an S3 origin: one with `s3OriginConfig`, or whose domain is an S3 bucket endpoint. */
export function isS3Origin(origin: Origin): boolean {
    const domain = origin["domainName"];
    return origin["s3OriginConfig"] !== undefined || (typeof domain === "string" && /\.s3[.-]/.test(domain));
}

/**
 * True for an origin that fronts the API: a custom origin that is not S3. In Portcullis every custom origin
 * is the API Gateway stage, so this is the set the origin-verify rules apply to.
 */
export function isApiOrigin(origin: Origin): boolean {
    return origin["customOriginConfig"] !== undefined && !isS3Origin(origin);
}

/** The default and ordered cache behaviors of a distribution. */
export function behaviorsOf(distribution: { defaultCacheBehavior?: unknown; orderedCacheBehaviors?: unknown }): Origin[] {
    return [asRecord(distribution.defaultCacheBehavior), ...asArray(distribution.orderedCacheBehaviors).map(asRecord)];
}
