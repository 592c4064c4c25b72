import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS } from "../../contract/responses";
import { bucketPolicyDocument, tlsOnlyStatement } from "../bucketPolicies";
import { DOCS_FUNCTION_CODE, DOCS_FUNCTION_RUNTIME, DOCS_PATH_PATTERNS } from "../docsFunction";
import { ORIGIN_VERIFY_HEADER } from "../naming";
import type { BucketRef, DataRefs } from "../types";
import { executeApiHost } from "../wafRules";
import { EDGE_PATHS } from "../defaults";
import { EDGE_SECURITY_DEFAULTS, type EdgeScope } from "./settings";

/** Inputs of {@link createDistribution} that come from other components and the other edge builders. */
export interface DistributionInputs {
    /** REST API the distribution fronts (its execute-api host is the default origin). */
    restApiId: pulumi.Input<string>;
    /** The CLOUDFRONT-scope web ACL. */
    webAclArn: pulumi.Input<string>;
    /** Sent to the API origin as the origin-verify header (a secret). */
    originVerify: pulumi.Input<string>;
    /** The key group `/receipts/*` URLs must be signed with. */
    keyGroupId: pulumi.Input<string>;
    /** Buckets behind the distribution and the logs bucket its access logs go to. */
    data: DataRefs;
}

/**
 * The CloudFront distribution: the API as default origin (HTTPS only, origin-verify header, credentials in the
 * cache key), the portal and assets from S3 through an origin access control, signed receipts, security and
 * CORS response headers, access logs to the logs bucket, and the bucket policies that admit only it.
 */
export function createDistribution(scope: EdgeScope, inputs: DistributionInputs): aws.cloudfront.Distribution {
    const { name, config, child } = scope;
    const { prefix } = config;
    const { data } = inputs;
    const d = EDGE_SECURITY_DEFAULTS;
    const oac = new aws.cloudfront.OriginAccessControl(`${name}-oac`, {
        name: `${prefix}-s3`,
        description: "CloudFront signs every S3 request; the buckets admit only this distribution.",
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
    }, child);

    const apiCachePolicy = new aws.cloudfront.CachePolicy(`${name}-api-cache`, {
        name: `${prefix}-api`,
        comment: "Credentials in the key; nothing cached unless the origin allows it, and then for 1 second.",
        minTtl: d.apiCacheTtlSeconds.min,
        defaultTtl: d.apiCacheTtlSeconds.default,
        maxTtl: d.apiCacheTtlSeconds.max,
        parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: "whitelist", headers: { items: [...d.apiCacheKeyHeaders] } },
            // Different query strings must never share a response.
            queryStringsConfig: { queryStringBehavior: "all" },
            cookiesConfig: { cookieBehavior: "none" },
            enableAcceptEncodingGzip: true,
            enableAcceptEncodingBrotli: true,
        },
    }, child);

    const headersPolicy = new aws.cloudfront.ResponseHeadersPolicy(`${name}-headers`, {
        name: `${prefix}-security-headers`,
        comment: "HSTS, nosniff, frame DENY, referrer policy, and CORS for the configured origins.",
        securityHeadersConfig: {
            strictTransportSecurity: { accessControlMaxAgeSec: d.hstsMaxAgeSeconds, includeSubdomains: true, preload: true, override: true },
            contentTypeOptions: { override: true },
            frameOptions: { frameOption: "DENY", override: true },
            // The API sends the stricter `no-referrer`; keep it, and give assets this one.
            referrerPolicy: { referrerPolicy: d.referrerPolicy, override: false },
        },
        corsConfig: corsConfig(config.gateway.corsOrigins),
    }, child);

    // AWS managed policies, looked up by name rather than pasted ids.
    const managedCachePolicy = (policyName: string) => aws.cloudfront.getCachePolicyOutput({ name: policyName }, child).apply((p) => p.id!);
    const cachingOptimized = managedCachePolicy(d.managedPolicies.cachingOptimized);
    const cachingDisabled = managedCachePolicy(d.managedPolicies.cachingDisabled);
    const allViewerExceptHost = aws.cloudfront.getOriginRequestPolicyOutput({ name: d.managedPolicies.allViewerExceptHostHeader }, child).apply((p) => p.id!);

    // The portal's directory paths (and `/docs` itself) to its index documents; see docsFunction.ts for why.
    const docsFunction = new aws.cloudfront.Function(`${name}-docs-index`, {
        name: `${prefix}-docs-index`,
        comment: "Serves index.html for /docs/ directory paths and redirects /docs to /docs/.",
        runtime: DOCS_FUNCTION_RUNTIME,
        code: DOCS_FUNCTION_CODE,
        // Only the published (LIVE) stage can be associated with a cache behavior.
        publish: true,
    }, child);

    const s3Behavior = (pathPattern: string, targetOriginId: string, cachePolicyId: pulumi.Input<string>) => ({
        pathPattern,
        targetOriginId,
        viewerProtocolPolicy: "https-only",
        allowedMethods: [...d.readMethods],
        cachedMethods: [...d.readMethods],
        cachePolicyId,
        responseHeadersPolicyId: headersPolicy.id,
        compress: true,
    });
    const domain = config.edge.domain;
    const distribution = new aws.cloudfront.Distribution(`${name}-distribution`, {
        enabled: true,
        comment: `${prefix}: API, docs, assets and signed receipts`,
        aliases: domain === undefined ? undefined : [domain.name],
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        priceClass: config.edge.priceClass,
        webAclId: inputs.webAclArn,
        origins: [
            {
                originId: "api",
                domainName: pulumi.output(inputs.restApiId).apply((id) => executeApiHost(id, config.region)),
                // Clients see /v1/...; the stage name stays an implementation detail.
                originPath: `/${config.gateway.stageName}`,
                customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: [...d.originSslProtocols] },
                customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: inputs.originVerify }],
            },
            s3Origin("assets", data.assets, oac.id),
            s3Origin("private", data.private, oac.id),
        ],
        defaultCacheBehavior: {
            targetOriginId: "api",
            // Not redirect-to-https: a redirect answers a plain-HTTP POST with a GET elsewhere, after its
            // credentials already crossed the network in clear. Refusing plain HTTP teaches clients at once.
            viewerProtocolPolicy: "https-only",
            allowedMethods: [...d.allMethods],
            cachedMethods: [...d.readMethods],
            cachePolicyId: apiCachePolicy.id,
            originRequestPolicyId: allViewerExceptHost,
            responseHeadersPolicyId: headersPolicy.id,
            compress: true,
        },
        orderedCacheBehaviors: [
            // `/docs` must be a behavior of its own: `/docs/*` does not match it, and it would reach the API.
            ...DOCS_PATH_PATTERNS.map((p) => ({
                ...s3Behavior(p, "assets", cachingOptimized),
                functionAssociations: [{ eventType: "viewer-request", functionArn: docsFunction.arn }],
            })),
            ...EDGE_PATHS.assets.filter((p) => !(DOCS_PATH_PATTERNS as readonly string[]).includes(p)).map((p) => s3Behavior(p, "assets", cachingOptimized)),
            // CloudFront checks the signature on every request, but a receipt deleted or corrected at the
            // origin must not live on in edge caches, and receipts are read once or twice: no caching.
            ...EDGE_PATHS.private.map((p) => ({ ...s3Behavior(p, "private", cachingDisabled), trustedKeyGroups: [inputs.keyGroupId] })),
        ],
        restrictions: {
            geoRestriction: config.edge.geoRestriction.type === "none"
                ? { restrictionType: "none" }
                : { restrictionType: config.edge.geoRestriction.type, locations: [...config.edge.geoRestriction.locations] },
        },
        viewerCertificate: domain === undefined
            // The default *.cloudfront.net certificate forces CloudFront's TLSv1 policy (TLS 1.0 and 1.1 are
            // accepted). Production stacks configure a domain, which gets TLSv1.2_2021.
            ? { cloudfrontDefaultCertificate: true }
            : { acmCertificateArn: domain.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: d.viewerMinimumProtocolVersion },
    }, child);

    deliverAccessLogs(scope, distribution, data.logs);
    admitOnlyThisDistribution(scope, distribution, data);
    return distribution;
}

/**
 * Standard logging v2 (vended logs, us-east-1): writes to the logs bucket without bucket ACLs, which the logs
 * bucket disables. Its bucket policy must admit delivery.logs.amazonaws.com (DataLayer writes it).
 */
function deliverAccessLogs(scope: EdgeScope, distribution: aws.cloudfront.Distribution, logsBucket: BucketRef): void {
    const { name, config, global } = scope;
    const { prefix } = config;
    const logSource = new aws.cloudwatch.LogDeliverySource(`${name}-access-logs`, {
        name: `${prefix}-cloudfront`,
        logType: "ACCESS_LOGS",
        resourceArn: distribution.arn,
    }, global);
    const logDestination = new aws.cloudwatch.LogDeliveryDestination(`${name}-access-logs`, {
        name: `${prefix}-cloudfront-s3`,
        outputFormat: "json",
        deliveryDestinationConfiguration: { destinationResourceArn: logsBucket.arn },
    }, global);
    new aws.cloudwatch.LogDelivery(`${name}-access-logs`, {
        deliverySourceName: logSource.name,
        deliveryDestinationArn: logDestination.arn,
        // AWS prefixes AWSLogs/<account>/CloudFront/.
        s3DeliveryConfigurations: [{ suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}", enableHiveCompatiblePath: false }],
    }, global);
}

/** Bucket policies: TLS only, and only this distribution reads, and only the paths it serves. */
function admitOnlyThisDistribution(scope: EdgeScope, distribution: aws.cloudfront.Distribution, data: DataRefs): void {
    const { name, child } = scope;
    for (const [key, paths] of Object.entries(EDGE_PATHS) as [keyof typeof EDGE_PATHS, readonly string[]][]) {
        new aws.s3.BucketPolicy(`${name}-${key}-bucket-policy`, {
            bucket: data[key].bucket,
            policy: pulumi.all([data[key].arn, distribution.arn]).apply(([bucketArn, distributionArn]) => bucketPolicyDocument([
                tlsOnlyStatement(bucketArn),
                {
                    Sid: "AllowThisDistributionToRead",
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: "s3:GetObject",
                    Resource: paths.map((p) => `${bucketArn}${p}`),
                    Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
                },
            ])),
        }, child);
    }
}

function s3Origin(originId: string, bucket: BucketRef, originAccessControlId: pulumi.Input<string>): aws.types.input.cloudfront.DistributionOrigin {
    // An empty identity marks the origin as S3 without the legacy OAI; access goes through the OAC.
    return { originId, domainName: bucket.regionalDomainName, originAccessControlId, s3OriginConfig: { originAccessIdentity: "" } };
}

/**
 * CORS on every response, including API Gateway's own error responses, which can carry only one static origin:
 * with several configured origins only this policy gives each of them its header. `originOverride: false` keeps
 * the API's own CORS headers where it sends them.
 */
export function corsConfig(origins: readonly string[]): aws.types.input.cloudfront.ResponseHeadersPolicyCorsConfig | undefined {
    if (origins.length === 0) return undefined;
    const d = EDGE_SECURITY_DEFAULTS;
    return {
        accessControlAllowOrigins: { items: [...origins] },
        accessControlAllowMethods: { items: [...d.corsAllowMethods] },
        accessControlAllowHeaders: { items: [...CORS_ALLOW_HEADERS] },
        accessControlExposeHeaders: { items: [...d.corsExposeHeaders] },
        // Bearer tokens and API keys travel in headers, never cookies.
        accessControlAllowCredentials: false,
        accessControlMaxAgeSec: CORS_MAX_AGE_SECONDS,
        originOverride: false,
    };
}
