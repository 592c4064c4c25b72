import * as rules from "../../../policies/rules/cloudfront";
import { PropsChange, change, without } from "../fixtures";
import { RuleCase } from "../harness";
import { OfflineResource } from "../../../policies/offline";

/** Changes the distribution `cdn`. */
const cdn = (s: OfflineResource[], update: PropsChange) => change(s, "cdn", update);

/** Changes origin `index` of the distribution. */
const origin = (index: number, update: (o: Record<string, any>) => void) => (s: OfflineResource[]) => cdn(s, (p) => {
    update((p["origins"] as Record<string, any>[])[index]);
    return p;
});

/** The message of a distribution `cdn` without access logs. */
const NO_ACCESS_LOGS = "CloudFront distribution 'cdn' has neither an `aws.cloudwatch.LogDeliverySource` with `logType` ACCESS_LOGS and the distribution ARN as `resourceArn`, "
    + "used by an `aws.cloudwatch.LogDelivery` (`deliverySourceName`, `deliveryDestinationArn`), nor `loggingConfig.bucket`. "
    + "Add standard logging v2: a delivery source for the distribution (us-east-1), a `LogDeliveryDestination` on the logs bucket and a `LogDelivery` between them.";

/** Cases of the CloudFront rules. */
export const CLOUDFRONT_CASES: RuleCase[] = [
    { rule: rules.cloudfrontDistributionMissingWaf, variants: [{
        change: "the distribution has no web ACL",
        resources: (s) => cdn(s, { webAclId: undefined }),
        messages: ["CloudFront distribution 'cdn' has no `webAclId`. Set `webAclId` to the ARN of a CLOUDFRONT-scope WAFv2 web ACL."],
    }] },
    { rule: rules.cloudfrontDistributionEnforceViewerTls, variants: [{
        change: "the viewer policy is TLSv1",
        resources: (s) => cdn(s, (p) => ({ ...p, viewerCertificate: { ...p["viewerCertificate"] as object, minimumProtocolVersion: "TLSv1" } })),
        messages: ["CloudFront distribution 'cdn' has `viewerCertificate.minimumProtocolVersion` TLSv1. Use an ACM certificate with `minimumProtocolVersion: \"TLSv1.2_2021\"` or newer."],
    }, {
        change: "the default certificate is used",
        resources: (s) => cdn(s, { viewerCertificate: { cloudfrontDefaultCertificate: true } }),
        messages: ["CloudFront distribution 'cdn' has `viewerCertificate.minimumProtocolVersion` unset with the default certificate. Use an ACM certificate with `minimumProtocolVersion: \"TLSv1.2_2021\"` or newer."],
    }] },
    { rule: rules.cloudfrontDistributionEnforceHttpsViewer, variants: [{
        change: "a behavior allows HTTP",
        resources: (s) => cdn(s, (p) => { (p["orderedCacheBehaviors"] as Record<string, unknown>[])[0]["viewerProtocolPolicy"] = "allow-all"; return p; }),
        messages: ["CloudFront distribution 'cdn' behavior for origin 'assets' has `viewerProtocolPolicy` allow-all. Set `viewerProtocolPolicy: \"redirect-to-https\"` or \"https-only\"."],
    }] },
    { rule: rules.cloudfrontDistributionEnforceHttpsOrigin, variants: [{
        change: "the API origin is reached over HTTP",
        resources: origin(0, (o) => { o.customOriginConfig.originProtocolPolicy = "match-viewer"; }),
        messages: ["CloudFront distribution 'cdn' origin 'api' has `customOriginConfig.originProtocolPolicy` match-viewer. Set `originProtocolPolicy: \"https-only\"`."],
    }] },
    { rule: rules.cloudfrontDistributionEnforceOriginTls12, variants: [{
        change: "the API origin allows TLSv1.1",
        resources: origin(0, (o) => { o.customOriginConfig.originSslProtocols = ["TLSv1.1", "TLSv1.2"]; }),
        messages: ["CloudFront distribution 'cdn' origin 'api' has `customOriginConfig.originSslProtocols` [TLSv1.1, TLSv1.2]. Set `originSslProtocols: [\"TLSv1.2\"]`."],
    }] },
    { rule: rules.cloudfrontDistributionMissingAccessLogs, variants: [{
        change: "the access logs are not delivered",
        resources: (s) => without(s, "cdn-logs-delivery"),
        messages: [NO_ACCESS_LOGS],
    }, {
        change: "the delivery source is another distribution's",
        resources: (s) => change(s, "cdn-logs-source", { resourceArn: "arn:aws:cloudfront::123456789012:distribution/EOTHER" }),
        messages: [NO_ACCESS_LOGS],
    }, {
        change: "the delivery reads another source",
        resources: (s) => change(s, "cdn-logs-delivery", { deliverySourceName: "other-logs" }),
        messages: [NO_ACCESS_LOGS],
    }], passing: [{
        change: "legacy logging writes to a bucket instead",
        resources: (s) => cdn(without(without(s, "cdn-logs-delivery"), "cdn-logs-source"), { loggingConfig: { bucket: "logs.s3.amazonaws.com", prefix: "cdn/" } }),
    }] },
    { rule: rules.cloudfrontDistributionEnforceOriginAccessControl, variants: [{
        change: "the S3 origin has no origin access control",
        resources: origin(1, (o) => { delete o.originAccessControlId; }),
        messages: ["CloudFront distribution 'cdn' S3 origin 'assets' has no `originAccessControlId`. Create an `aws.cloudfront.OriginAccessControl` and set `originAccessControlId` on the origin."],
    }] },
    { rule: rules.cloudfrontDistributionMissingSecurityHeaders, variants: [{
        change: "the default behavior has no response headers policy",
        resources: (s) => cdn(s, (p) => { delete (p["defaultCacheBehavior"] as Record<string, unknown>)["responseHeadersPolicyId"]; return p; }),
        messages: ["CloudFront distribution 'cdn' has no `defaultCacheBehavior.responseHeadersPolicyId`. Attach an `aws.cloudfront.ResponseHeadersPolicy` with HSTS to the default behavior."],
    }] },
    { rule: rules.cloudfrontResponseHeadersPolicyEnforceHsts, variants: [{
        change: "HSTS lasts a day",
        resources: (s) => change(s, "security-headers", { securityHeadersConfig: {
            strictTransportSecurity: { accessControlMaxAgeSec: 86400, includeSubdomains: true, override: true } } }),
        messages: ["Response headers policy 'security-headers' has no `securityHeadersConfig.strictTransportSecurity` with max-age >= 31536000, `includeSubdomains` and `override`. Set `strictTransportSecurity: { accessControlMaxAgeSec: 31536000, includeSubdomains: true, override: true }`."],
    }] },
    { rule: rules.cloudfrontDistributionConfigureGeoRestriction, variants: [{
        change: "geo restriction is none",
        resources: (s) => cdn(s, { restrictions: { geoRestriction: { restrictionType: "none" } } }),
        messages: ["CloudFront distribution 'cdn' has `restrictions.geoRestriction.restrictionType` none without locations. Set `restrictionType` to \"whitelist\" or \"blacklist\" with `locations`."],
    }] },
    { rule: rules.cloudfrontDistributionMissingOriginVerifyHeader, variants: [{
        change: "the API origin sends no origin-verify header",
        resources: origin(0, (o) => { o.customHeaders = []; }),
        messages: ["CloudFront distribution 'cdn' API origin 'api' sends no `X-Origin-Verify` in `customHeaders`. Add `customHeaders: [{ name: \"X-Origin-Verify\", value: <secret> }]` to the origin."],
    }] },
];
