import { asArray, asRecord } from "./values";

import { PolicyConfigSchema } from "@pulumi/policy";

/** Config of the origin-verify conventions: the header CloudFront adds to API requests and the regional WAF requires. */
export const ORIGIN_VERIFY_DEFAULTS: Readonly<{ headerName: string }> = Object.freeze({ headerName: "X-Origin-Verify" });

/** The `headerName` config property, shared by the rules that know the origin-verify header. */
export const ORIGIN_VERIFY_SCHEMA: PolicyConfigSchema = {
    properties: {
        headerName: { type: "string", minLength: 1, default: ORIGIN_VERIFY_DEFAULTS.headerName,
            description: "The custom header CloudFront sends to the API origin and the stage's regional web ACL requires." },
    },
};

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
