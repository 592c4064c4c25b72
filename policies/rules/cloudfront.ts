/**
 * CloudFront distribution and response-headers rules (AWSGuard cloudfront*, cdk-nag CFR1-CFR7,
 * checkov CKV_AWS_34/68/86/174, CKV2_AWS_32/46).
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { ORIGIN_VERIFY_DEFAULTS, ORIGIN_VERIFY_SCHEMA, behaviorsOf, isApiOrigin, isS3Origin, originsOf } from "../lib/cloudfront";
import { configOf } from "../lib/config";
import { convention } from "../lib/conventions";
import { refersTo } from "../lib/links";
import { asArray, asRecord, present } from "../lib/values";

/** Viewer TLS policies that allow only TLS 1.2 or newer with strong ciphers. */
const MODERN_VIEWER_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

/** HSTS max-age defaults: one year, the value browsers' preload lists expect. */
const HSTS_DEFAULTS = Object.freeze({ minimumMaxAgeSeconds: 31536000 });

/** The CLOUDFRONT-scope ACL is the first line of defence against floods and known exploits. */
export const cloudfrontDistributionMissingWaf: ResourceValidationPolicy = {
    name: "cloudfront-distribution-missing-waf",
    description: "CloudFront distributions must be associated with a WAFv2 web ACL.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `webAclId` to the ARN of a CLOUDFRONT-scope WAFv2 web ACL (created in us-east-1).",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        if (!present(d, "webAclId")) {
            reportViolation(`CloudFront distribution '${args.name}' has no \`webAclId\`. `
                + "Set `webAclId` to the ARN of a CLOUDFRONT-scope WAFv2 web ACL.");
        }
    }),
};

/** The default certificate forces TLSv1 support; old protocols allow downgrade attacks. */
export const cloudfrontDistributionEnforceViewerTls: ResourceValidationPolicy = {
    name: "cloudfront-distribution-enforce-viewer-tls",
    description: "CloudFront distributions must use a custom certificate with viewer policy TLSv1.2_2021 or newer.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Use an ACM certificate (`viewerCertificate.acmCertificateArn`, `sslSupportMethod: \"sni-only\"`) with `minimumProtocolVersion: \"TLSv1.2_2021\"` or newer.",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        const cert = asRecord(d.viewerCertificate);
        const version = cert["minimumProtocolVersion"];
        if (cert["cloudfrontDefaultCertificate"] === true || !MODERN_VIEWER_POLICIES.includes(String(version))) {
            reportViolation(`CloudFront distribution '${args.name}' has \`viewerCertificate.minimumProtocolVersion\` ${String(version ?? "unset")}`
                + `${cert["cloudfrontDefaultCertificate"] === true ? " with the default certificate" : ""}. `
                + "Use an ACM certificate with `minimumProtocolVersion: \"TLSv1.2_2021\"` or newer.");
        }
    }),
};

/** Plain HTTP exposes tokens and API keys to anyone on the path. */
export const cloudfrontDistributionEnforceHttpsViewer: ResourceValidationPolicy = {
    name: "cloudfront-distribution-enforce-https-viewer",
    description: "Every CloudFront cache behavior must redirect viewers to HTTPS or accept HTTPS only.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `viewerProtocolPolicy` to \"redirect-to-https\" or \"https-only\" on every cache behavior.",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        for (const b of behaviorsOf(d)) {
            const policy = b["viewerProtocolPolicy"];
            if (policy !== "https-only" && policy !== "redirect-to-https") {
                reportViolation(`CloudFront distribution '${args.name}' behavior for origin '${String(b["targetOriginId"])}' has \`viewerProtocolPolicy\` ${String(policy)}. `
                    + "Set `viewerProtocolPolicy: \"redirect-to-https\"` or \"https-only\".");
            }
        }
    }),
};

/** Between CloudFront and the origin the origin-verify secret and user tokens travel; they need TLS too. */
export const cloudfrontDistributionEnforceHttpsOrigin: ResourceValidationPolicy = {
    name: "cloudfront-distribution-enforce-https-origin",
    description: "CloudFront custom origins must be reached over HTTPS only.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `customOriginConfig.originProtocolPolicy: \"https-only\"` on each custom origin.",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        for (const o of originsOf(d).filter((x) => x["customOriginConfig"] !== undefined)) {
            const policy = asRecord(o["customOriginConfig"])["originProtocolPolicy"];
            if (policy !== "https-only") {
                reportViolation(`CloudFront distribution '${args.name}' origin '${String(o["originId"])}' has \`customOriginConfig.originProtocolPolicy\` ${String(policy)}. `
                    + "Set `originProtocolPolicy: \"https-only\"`.");
            }
        }
    }),
};

/** SSLv3, TLSv1 and TLSv1.1 toward the origin are as weak as they are toward viewers. */
export const cloudfrontDistributionEnforceOriginTls12: ResourceValidationPolicy = {
    name: "cloudfront-distribution-enforce-origin-tls12",
    description: "CloudFront custom origins must allow only TLSv1.2.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `customOriginConfig.originSslProtocols: [\"TLSv1.2\"]` on each custom origin.",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        for (const o of originsOf(d).filter((x) => x["customOriginConfig"] !== undefined)) {
            const protocols = asArray<string>(asRecord(o["customOriginConfig"])["originSslProtocols"]);
            if (protocols.length === 0 || protocols.some((p) => p !== "TLSv1.2")) {
                reportViolation(`CloudFront distribution '${args.name}' origin '${String(o["originId"])}' has \`customOriginConfig.originSslProtocols\` [${protocols.join(", ")}]. `
                    + "Set `originSslProtocols: [\"TLSv1.2\"]`.");
            }
        }
    }),
};

/** True when a standard logging v2 delivery (source, then delivery to a destination) carries the distribution's access logs. */
function deliversAccessLogs(resources: PolicyResource[], distribution: PolicyResource): boolean {
    const sources = resources.filter((r) => r.isType(aws.cloudwatch.LogDeliverySource) && r.props["logType"] === "ACCESS_LOGS"
        && refersTo(r, "resourceArn", distribution, ["arn"]));
    return resources.some((r) => r.isType(aws.cloudwatch.LogDelivery) && present(r.props, "deliveryDestinationArn")
        && sources.some((source) => refersTo(r, "deliverySourceName", source, ["name"])));
}

/**
 * Edge access logs are the only record of requests WAF or CloudFront answered without reaching the API. Standard
 * logging v2 (CloudWatch Logs delivery) counts as much as legacy logging, which needs a bucket with ACLs enabled
 * (and so conflicts with `s3-bucket-disallow-acls`).
 */
export const cloudfrontDistributionMissingAccessLogs: StackValidationPolicy = {
    name: "cloudfront-distribution-missing-access-logs",
    description: "CloudFront distributions must write access logs, through standard logging v2 (an `aws.cloudwatch.LogDeliverySource` "
        + "of type ACCESS_LOGS for the distribution, delivered by an `aws.cloudwatch.LogDelivery`) or legacy logging to an S3 bucket (`loggingConfig.bucket`).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Add standard logging v2: an `aws.cloudwatch.LogDeliverySource` for the distribution (us-east-1), a `LogDeliveryDestination` and a `LogDelivery` between them; or set `loggingConfig.bucket`.",
    validateStack: (args, reportViolation) => {
        for (const d of args.resources.filter((r) => r.isType(aws.cloudfront.Distribution))) {
            if (!present(asRecord(d.props["loggingConfig"]), "bucket") && !deliversAccessLogs(args.resources, d)) {
                reportViolation(`CloudFront distribution '${d.name}' has neither an \`aws.cloudwatch.LogDeliverySource\` with \`logType\` ACCESS_LOGS and the distribution ARN as \`resourceArn\`, `
                    + "used by an `aws.cloudwatch.LogDelivery` (`deliverySourceName`, `deliveryDestinationArn`), nor `loggingConfig.bucket`. "
                    + "Add standard logging v2: a delivery source for the distribution (us-east-1), a `LogDeliveryDestination` on the logs bucket and a `LogDelivery` between them.", d.urn);
            }
        }
    },
};

/** Without origin access control the bucket must be public or use the legacy identity, which lacks SSE-KMS support. */
export const cloudfrontDistributionEnforceOriginAccessControl: ResourceValidationPolicy = {
    name: "cloudfront-distribution-enforce-origin-access-control",
    description: "CloudFront S3 origins must use origin access control (not a legacy origin access identity).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create an `aws.cloudfront.OriginAccessControl` and set `originAccessControlId` on each S3 origin instead of an origin access identity.",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        for (const o of originsOf(d).filter(isS3Origin)) {
            const legacy = asRecord(o["s3OriginConfig"])["originAccessIdentity"];
            if (!present(o, "originAccessControlId") || legacy) {
                reportViolation(`CloudFront distribution '${args.name}' S3 origin '${String(o["originId"])}' has no \`originAccessControlId\`${legacy ? " and uses an origin access identity" : ""}. `
                    + "Create an `aws.cloudfront.OriginAccessControl` and set `originAccessControlId` on the origin.");
            }
        }
    }),
};

/** Security headers (HSTS, nosniff, frame options) protect browsers that call the API or load the assets. */
export const cloudfrontDistributionMissingSecurityHeaders: ResourceValidationPolicy = {
    name: "cloudfront-distribution-missing-security-headers",
    description: "The default cache behavior of a CloudFront distribution must attach a response-headers policy.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Attach an `aws.cloudfront.ResponseHeadersPolicy` with HSTS as `defaultCacheBehavior.responseHeadersPolicyId`.",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        if (!present(asRecord(d.defaultCacheBehavior), "responseHeadersPolicyId")) {
            reportViolation(`CloudFront distribution '${args.name}' has no \`defaultCacheBehavior.responseHeadersPolicyId\`. `
                + "Attach an `aws.cloudfront.ResponseHeadersPolicy` with HSTS to the default behavior.");
        }
    }),
};

/** HSTS makes browsers refuse plain HTTP for the domain, closing the first-request downgrade. */
export const cloudfrontResponseHeadersPolicyEnforceHsts: ResourceValidationPolicy = {
    name: "cloudfront-response-headers-policy-enforce-hsts",
    description: "CloudFront response-headers policies must send Strict-Transport-Security for at least a year, including subdomains.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `securityHeadersConfig.strictTransportSecurity` with `accessControlMaxAgeSec` of at least a year, `includeSubdomains` and `override`.",
    configSchema: {
        properties: {
            minimumMaxAgeSeconds: { type: "integer", minimum: 0, default: HSTS_DEFAULTS.minimumMaxAgeSeconds,
                description: "The smallest accepted HSTS max-age, in seconds." },
        },
    },
    validateResource: validateResourceOfType(aws.cloudfront.ResponseHeadersPolicy, (p, args, reportViolation) => {
        const { minimumMaxAgeSeconds } = configOf(args, HSTS_DEFAULTS);
        const hsts = asRecord(asRecord(p.securityHeadersConfig)["strictTransportSecurity"]);
        const maxAge = hsts["accessControlMaxAgeSec"];
        if (typeof maxAge !== "number" || maxAge < minimumMaxAgeSeconds || hsts["includeSubdomains"] !== true || hsts["override"] !== true) {
            reportViolation(`Response headers policy '${args.name}' has no \`securityHeadersConfig.strictTransportSecurity\` with max-age >= ${minimumMaxAgeSeconds}, \`includeSubdomains\` and \`override\`. `
                + `Set \`strictTransportSecurity: { accessControlMaxAgeSec: ${minimumMaxAgeSeconds}, includeSubdomains: true, override: true }\`.`);
        }
    }),
};

/** Geo restriction narrows the exposure to the markets the API serves (a Portcullis convention: not every site has markets). */
export const cloudfrontDistributionConfigureGeoRestriction: ResourceValidationPolicy = convention({
    name: "cloudfront-distribution-configure-geo-restriction",
    description: "CloudFront distributions must configure a geo restriction (allow list or block list).",
    enforcementLevel: "mandatory",
    severity: "low",
    remediationSteps: "Set `restrictions.geoRestriction` to a whitelist or blacklist with `locations`.",
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        const geo = asRecord(asRecord(d.restrictions)["geoRestriction"]);
        const type = geo["restrictionType"];
        if ((type !== "whitelist" && type !== "blacklist") || asArray(geo["locations"]).length === 0) {
            reportViolation(`CloudFront distribution '${args.name}' has \`restrictions.geoRestriction.restrictionType\` ${String(type ?? "unset")} without locations. `
                + "Set `restrictionType` to \"whitelist\" or \"blacklist\" with `locations`.");
        }
    }),
});

/**
 * The regional WAF tells CloudFront traffic from direct calls to execute-api only by this secret header. A
 * Portcullis convention: it holds every custom origin to be the API and names the header.
 */
export const cloudfrontDistributionMissingOriginVerifyHeader: ResourceValidationPolicy = convention({
    name: "cloudfront-distribution-missing-origin-verify-header",
    description: "CloudFront origins in front of the API must send the origin-verify custom header (`headerName`) with a value.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add `customHeaders: [{ name: <headerName>, value: <secret> }]` to each API origin.",
    configSchema: ORIGIN_VERIFY_SCHEMA,
    validateResource: validateResourceOfType(aws.cloudfront.Distribution, (d, args, reportViolation) => {
        const { headerName } = configOf(args, ORIGIN_VERIFY_DEFAULTS);
        for (const o of originsOf(d).filter(isApiOrigin)) {
            const header = asArray(o["customHeaders"]).map(asRecord)
                .find((h) => String(h["name"]).toLowerCase() === headerName.toLowerCase());
            if (!header || !present(header, "value")) {
                reportViolation(`CloudFront distribution '${args.name}' API origin '${String(o["originId"])}' sends no \`${headerName}\` in \`customHeaders\`. `
                    + `Add \`customHeaders: [{ name: "${headerName}", value: <secret> }]\` to the origin.`);
            }
        }
    }),
});
