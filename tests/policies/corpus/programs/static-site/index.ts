/**
 * A static website: a private S3 bucket served by CloudFront through origin access control, with the access
 * logs bucket it needs, next to the legacy public website bucket it replaces.
 * Holes: the legacy bucket is public (website policy for "*", public access block off); the distribution uses the
 * default certificate (TLSv1) and writes no access logs. Fine: the CLOUDFRONT-scope web ACL, its logging and its
 * log group use the default provider, which is in us-east-1 because the stack is (`aws:region`); no geo
 * restriction is a choice, not a hole.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The settings every private bucket gets: no public access, encryption, versioning, no ACLs. */
function lockDown(name: string, bucket: aws.s3.Bucket): void {
    new aws.s3.BucketPublicAccessBlock(`${name}-pab`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true,
        ignorePublicAcls: true, restrictPublicBuckets: true });
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-sse`, { bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
}

/** A statement denying every request made without TLS. */
const denyInsecure = (arn: string) => ({ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
    Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } });

const logs = new aws.s3.Bucket("logs");
lockDown("logs", logs);
new aws.s3.BucketPolicy("logs-policy", { bucket: logs.id, policy: logs.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17",
    Statement: [denyInsecure(arn), { Sid: "S3ServerAccessLogs", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject", Resource: `${arn}/*` }] })) });

const content = new aws.s3.Bucket("content");
lockDown("content", content);
new aws.s3.BucketLogging("content-logging", { bucket: content.id, targetBucket: logs.id, targetPrefix: "content/" });

const oac = new aws.cloudfront.OriginAccessControl("oac", { originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
const headers = new aws.cloudfront.ResponseHeadersPolicy("headers", { securityHeadersConfig: {
    strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
} });
const acl = new aws.wafv2.WebAcl("edge-acl", {
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "edge-acl" },
    rules: [
        { name: "common", priority: 1, overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "common" } },
        { name: "bad-inputs", priority: 2, overrideAction: { none: {} },
            statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "bad-inputs" } },
        { name: "rate", priority: 3, action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
            visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "rate" } },
    ],
});
const wafLogs = new aws.cloudwatch.LogGroup("waf-logs", { name: "aws-waf-logs-site", retentionInDays: 90,
    kmsKeyId: new aws.kms.Key("waf-logs-key", { enableKeyRotation: true, deletionWindowInDays: 30 }).arn });
new aws.wafv2.WebAclLoggingConfiguration("edge-acl-logging", { resourceArn: acl.arn, logDestinationConfigs: [wafLogs.arn] });

const cdn = new aws.cloudfront.Distribution("cdn", {
    enabled: true,
    defaultRootObject: "index.html",
    webAclId: acl.arn,
    origins: [{ originId: "content", domainName: content.bucketRegionalDomainName, originAccessControlId: oac.id }],
    defaultCacheBehavior: {
        targetOriginId: "content",
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
        responseHeadersPolicyId: headers.id,
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
});

new aws.s3.BucketPolicy("content-policy", { bucket: content.id, policy: pulumi.all([content.arn, cdn.arn]).apply(([arn, cdnArn]) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [denyInsecure(arn), { Sid: "CloudFrontReads", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject", Resource: `${arn}/*`, Condition: { StringEquals: { "AWS:SourceArn": cdnArn } } }],
})) });

// The site as it was before CloudFront: a public website bucket.
const legacy = new aws.s3.Bucket("legacy-site");
new aws.s3.BucketWebsiteConfiguration("legacy-site-website", { bucket: legacy.id, indexDocument: { suffix: "index.html" } });
new aws.s3.BucketServerSideEncryptionConfiguration("legacy-site-sse", { bucket: legacy.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
new aws.s3.BucketVersioning("legacy-site-versioning", { bucket: legacy.id, versioningConfiguration: { status: "Enabled" } });
new aws.s3.BucketOwnershipControls("legacy-site-ownership", { bucket: legacy.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
new aws.s3.BucketLogging("legacy-site-logging", { bucket: legacy.id, targetBucket: logs.id, targetPrefix: "legacy/" });
new aws.s3.BucketPublicAccessBlock("legacy-site-pab", { bucket: legacy.id, blockPublicAcls: true, blockPublicPolicy: false,
    ignorePublicAcls: true, restrictPublicBuckets: false });
new aws.s3.BucketPolicy("legacy-site-policy", { bucket: legacy.id, policy: legacy.arn.apply((arn) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [denyInsecure(arn), { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arn}/*` }],
})) });

export const url = cdn.domainName;
