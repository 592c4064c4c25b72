import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import type { StackConfig, StackSecrets } from "../config";
import { CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS } from "../contract/openapi";
import { bucketPolicyDocument, tlsOnlyStatement } from "./bucketPolicies";
import { DeveloperPortal } from "./developerPortal";
import { DOCS_FUNCTION_CODE, DOCS_FUNCTION_RUNTIME, DOCS_PATH_PATTERNS } from "./docsFunction";
import { names, ORIGIN_VERIFY_HEADER } from "./naming";
import type { BucketRef, DataRefs, EdgeRefs, LogGroups } from "./types";
import { EDGE_PATHS } from "./defaults";
import { block, customResponseBodies, executeApiHost, regionalAclRules, visibility } from "./wafRules";

export { EDGE_PATHS };

type WebAclRule = aws.types.input.wafv2.WebAclRule;

/** A DNS record an operator creates by hand: `name` `type` `target`. */
export interface DnsRecord {
    name: string;
    type: "CNAME";
    target: string;
}

export interface EdgeSecurityArgs {
    /** The validated stack config; `edge` and `gateway.corsOrigins` shape everything here. Required. */
    config: StackConfig;
    /** The URL-signing key pair; when `signingKey` is unset the component generates one. Required (may be `{}`). */
    secrets: StackSecrets;
    /** REST API the distribution fronts (its execute-api host is the default origin). Required. */
    restApiId: pulumi.Input<string>;
    /** The Cognito web client the portal's try-it console signs in with. Default: none (the console says so). */
    webClientId?: pulumi.Input<string>;
    /** Stage the REGIONAL web ACL guards; `aws.apigateway.Stage.arn`. Required. */
    stageArn: pulumi.Input<string>;
    /** Buckets behind the distribution, the logs bucket, and the KMS key that encrypts the secrets. Required. */
    data: DataRefs;
    /** `wafEdge` must be a log group in us-east-1 (WAF logs where its CLOUDFRONT ACL lives). Required. */
    logGroups: LogGroups;
}

/** Body sizes CloudFront can forward to WAF for inspection; 16 KB is included, each further 16 KB is billed. */
const BODY_INSPECTION_LIMITS = [["KB_16", 16384], ["KB_32", 32768], ["KB_48", 49152], ["KB_64", 65536]] as const;

/** Settings of the edge that are not configuration: the security-relevant ones are fixed on purpose. */
export const EDGE_SECURITY_DEFAULTS = {
    /** CloudFront-scoped WAF, vended CloudFront logs and Shield Advanced live in us-east-1 only. */
    globalRegion: "us-east-1",
    /** Alphanumeric only: the value travels as an HTTP header and as a WAF search string (at most 200). */
    originVerifyLength: 48,
    signingKeyRsaBits: 2048,
    originSslProtocols: ["TLSv1.2"],
    viewerMinimumProtocolVersion: "TLSv1.2_2021",
    /** Two years, the value the HSTS preload list requires. */
    hstsMaxAgeSeconds: 63072000,
    referrerPolicy: "strict-origin-when-cross-origin",
    /**
     * API cache TTLs. AWS rejects header keys in a policy whose three TTLs are 0 ("caching disabled"), and a
     * header must be in the key to reach the origin, so max is 1 second: CloudFront then caches nothing unless
     * the origin asks for it, and the API always answers `Cache-Control: no-store`.
     */
    apiCacheTtlSeconds: { min: 0, default: 0, max: 1 },
    /** Credentials the API needs; in the cache key, so no response can ever be shared across callers. */
    apiCacheKeyHeaders: ["Authorization", "x-api-key"],
    allMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
    readMethods: ["GET", "HEAD"],
    corsAllowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    corsExposeHeaders: ["ETag", "Location"],
    /** Headers WAF logs must never contain: credentials and the origin-verify secret. */
    redactedHeaders: ["authorization", "x-api-key", ORIGIN_VERIFY_HEADER.toLowerCase()],
    managedPolicies: {
        cachingOptimized: "Managed-CachingOptimized",
        cachingDisabled: "Managed-CachingDisabled",
        allViewerExceptHostHeader: "Managed-AllViewerExceptHostHeader",
    },
    /** Days Secrets Manager keeps a deleted secret in protected stacks; unprotected ones delete at once. */
    secretRecoveryDays: 30,
} as const;

/**
 * How much body WAF sees and the limit the size rule can truly enforce. CloudFront forwards at most 64 KB of a
 * body to WAF; with `oversizeHandling: MATCH` a larger body matches the rule whatever its `size`, so a
 * configured limit above 64 KB cannot be enforced and the rule enforces 64 KB instead.
 */
export function bodyInspection(maxBodyBytes: number): { limit: string; enforcedBytes: number } {
    const [limit, bytes] = BODY_INSPECTION_LIMITS.find(([, b]) => b >= maxBodyBytes) ?? BODY_INSPECTION_LIMITS[BODY_INSPECTION_LIMITS.length - 1];
    return { limit, enforcedBytes: Math.min(maxBodyBytes, bytes) };
}

/**
 * The edge in front of the API: a CloudFront distribution with a CLOUDFRONT-scope WAF (managed rule groups,
 * per-IP rate limit, body size limit), security and CORS response headers, signed URLs for receipts, the
 * portal at `/docs`, Route 53 alias records for the custom domain when its hosted zone is configured, and a
 * REGIONAL WAF on the stage that refuses every request without CloudFront's origin-verify secret, so nobody can
 * bypass the edge by calling execute-api directly, except SigV4-signed calls to the internal routes
 * (see `regionalAclRules`): those are signed for the execute-api host and can only be made there.
 *
 * Shield Advanced (`config.edge.shieldAdvanced`) costs USD 3,000 per month per organization with a one-year
 * commitment, plus Shield data transfer out fees; enable it only where that is budgeted (prod). This component
 * only protects the distribution: the account's subscription comes first, from the bootstrap program, and config
 * validation refuses `shieldAdvanced` unless `edge.shieldSubscribed` states it exists.
 */
export class EdgeSecurity extends pulumi.ComponentResource {
    /** What the functions need: base URL, signing key pair id, and the secret holding the private key PEM. */
    public readonly refs: pulumi.Output<EdgeRefs>;
    public readonly distribution: aws.cloudfront.Distribution;
    /** CLOUDFRONT-scope web ACL (us-east-1) on the distribution. */
    public readonly edgeWebAcl: aws.wafv2.WebAcl;
    /** REGIONAL web ACL on the stage: blocks requests without the origin-verify header. */
    public readonly regionalWebAcl: aws.wafv2.WebAcl;
    /** Secrets Manager secret holding the origin-verify header value. */
    public readonly originVerifySecret: aws.secretsmanager.Secret;
    /** The developer portal, served at `/docs`. */
    public readonly portal: DeveloperPortal;
    /**
     * `https://<api id>.execute-api.<region>.amazonaws.com/<stage>`: where AWS-side callers send SigV4-signed
     * requests to the internal routes, signed for this host and the path with the stage (the regional ACL admits
     * exactly those without the origin-verify header; through CloudFront the signature could not match).
     */
    public readonly internalApiUrl: pulumi.Output<string>;
    /**
     * The DNS record to create by hand for the custom domain when no Route 53 hosted zone is configured
     * (`edge.domain.hostedZoneId`); undefined when the stack creates the alias records itself or has no domain.
     */
    public readonly dnsRecordToCreate: pulumi.Output<DnsRecord> | undefined;

    constructor(name: string, args: EdgeSecurityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:edge:EdgeSecurity", name, {}, opts);
        const { config, secrets, data, logGroups } = args;
        const { prefix } = config;
        const d = EDGE_SECURITY_DEFAULTS;
        const signingKey = secrets.signingKey;
        const body = bodyInspection(config.edge.maxBodyBytes);
        const usEast1 = new aws.Provider(`${name}-us-east-1`, { region: d.globalRegion }, { parent: this });
        const child = { parent: this };
        const global = { parent: this, provider: usEast1 };
        const secretArgs = (suffix: string, description: string): aws.secretsmanager.SecretArgs => ({
            name: `${prefix}/edge/${suffix}`,
            description,
            kmsKeyId: data.dataKeyArn,
            // Names are fixed, so an unprotected (dev) stack recreated within the recovery window would collide.
            recoveryWindowInDays: config.protect ? d.secretRecoveryDays : 0,
        });

        // Origin verification: the value CloudFront sends and the regional ACL demands.
        const originVerify = new random.RandomPassword(`${name}-origin-verify`, { length: d.originVerifyLength, special: false }, child);
        // Secret wherever it goes (secret version, WAF rule, origin header), so state never holds it in clear.
        const verifyValue = pulumi.secret(originVerify.result);
        this.originVerifySecret = new aws.secretsmanager.Secret(`${name}-origin-verify`,
            secretArgs("origin-verify", `Value of the ${ORIGIN_VERIFY_HEADER} header CloudFront sends and the stage's web ACL requires.`), child);
        new aws.secretsmanager.SecretVersion(`${name}-origin-verify`, { secretId: this.originVerifySecret.id, secretString: verifyValue }, child);

        // Both ACLs allow by default, answer blocks in JSON, publish metrics and log with redactions.
        const webAcl = (scope: "edge" | "regional", logGroupArn: pulumi.Input<string>, aclOpts: pulumi.CustomResourceOptions,
            acl: Pick<aws.wafv2.WebAclArgs, "description" | "rules" | "associationConfig">) => {
            const created = new aws.wafv2.WebAcl(`${name}-${scope}-acl`, {
                ...acl,
                name: names.webAcl(prefix, scope),
                scope: scope === "edge" ? "CLOUDFRONT" : "REGIONAL",
                defaultAction: { allow: {} },
                customResponseBodies: customResponseBodies(),
                visibilityConfig: visibility(names.webAcl(prefix, scope)),
            }, aclOpts);
            new aws.wafv2.WebAclLoggingConfiguration(`${name}-${scope}-acl`, wafLogging(created, logGroupArn), aclOpts);
            return created;
        };
        this.regionalWebAcl = webAcl("regional", logGroups.wafRegional.arn, child, {
            description: "Admits requests from CloudFront with the origin-verify header, and SigV4-signed calls to the internal routes.",
            rules: regionalAclRules({ stageName: config.gateway.stageName, originVerify: verifyValue, metricPrefix: `${prefix}-regional` }),
        });
        new aws.wafv2.WebAclAssociation(`${name}-regional-acl`, { resourceArn: args.stageArn, webAclArn: this.regionalWebAcl.arn }, child);
        // CLOUDFRONT scope exists only in us-east-1, whatever the stack's region.
        this.edgeWebAcl = webAcl("edge", logGroups.wafEdge.arn, global, {
            description: "Managed rule groups, per-IP rate limit and body size limit in front of the API.",
            // The size rule below reads this much of the body; the default (16 KB) is the only free size.
            associationConfig: { requestBodies: [{ cloudfront: { defaultSizeInspectionLimit: body.limit } }] },
            rules: edgeRules(config, body.enforcedBytes),
        });

        // Signed URLs: the key pair from config, or one generated here (kept as a secret in state).
        const keyPair: { publicKeyPem: pulumi.Input<string>; privateKeyPem: pulumi.Input<string> } = signingKey
            ?? new tls.PrivateKey(`${name}-signing-key`, { algorithm: "RSA", rsaBits: d.signingKeyRsaBits }, child);
        const signingSecret = new aws.secretsmanager.Secret(`${name}-signing-key`,
            secretArgs("url-signing-key", "PEM private key that signs CloudFront URLs for receipts."), child);
        new aws.secretsmanager.SecretVersion(`${name}-signing-key`, {
            secretId: signingSecret.id,
            secretString: keyPair.privateKeyPem,
        }, child);
        // No physical name: a new key is created before the old one leaves the key group on rotation.
        const publicKey = new aws.cloudfront.PublicKey(`${name}-signing-key`, {
            comment: `${prefix}: signs receipt URLs`,
            encodedKey: keyPair.publicKeyPem,
        }, child);
        const keyGroup = new aws.cloudfront.KeyGroup(`${name}-signing-keys`, {
            name: `${prefix}-receipts`,
            comment: "Keys trusted to sign /receipts/* URLs.",
            items: [publicKey.id],
        }, child);

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
        this.distribution = new aws.cloudfront.Distribution(`${name}-distribution`, {
            enabled: true,
            comment: `${prefix}: API, docs, assets and signed receipts`,
            aliases: domain === undefined ? undefined : [domain.name],
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: config.edge.priceClass,
            webAclId: this.edgeWebAcl.arn,
            origins: [
                {
                    originId: "api",
                    domainName: pulumi.output(args.restApiId).apply((id) => executeApiHost(id, config.region)),
                    // Clients see /v1/...; the stage name stays an implementation detail.
                    originPath: `/${config.gateway.stageName}`,
                    customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: [...d.originSslProtocols] },
                    customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: verifyValue }],
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
                ...EDGE_PATHS.private.map((p) => ({ ...s3Behavior(p, "private", cachingDisabled), trustedKeyGroups: [keyGroup.id] })),
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

        // Standard logging v2 (vended logs, us-east-1): writes to the logs bucket without bucket ACLs, which the
        // logs bucket disables. Its bucket policy must admit delivery.logs.amazonaws.com (DataLayer writes it).
        const logSource = new aws.cloudwatch.LogDeliverySource(`${name}-access-logs`, {
            name: `${prefix}-cloudfront`,
            logType: "ACCESS_LOGS",
            resourceArn: this.distribution.arn,
        }, global);
        const logDestination = new aws.cloudwatch.LogDeliveryDestination(`${name}-access-logs`, {
            name: `${prefix}-cloudfront-s3`,
            outputFormat: "json",
            deliveryDestinationConfiguration: { destinationResourceArn: data.logs.arn },
        }, global);
        new aws.cloudwatch.LogDelivery(`${name}-access-logs`, {
            deliverySourceName: logSource.name,
            deliveryDestinationArn: logDestination.arn,
            // AWS prefixes AWSLogs/<account>/CloudFront/.
            s3DeliveryConfigurations: [{ suffixPath: "{DistributionId}/{yyyy}/{MM}/{dd}/{HH}", enableHiveCompatiblePath: false }],
        }, global);

        for (const [key, paths] of Object.entries(EDGE_PATHS) as [keyof typeof EDGE_PATHS, readonly string[]][]) {
            new aws.s3.BucketPolicy(`${name}-${key}-bucket-policy`, {
                bucket: data[key].bucket,
                policy: pulumi.all([data[key].arn, this.distribution.arn]).apply(([bucketArn, distributionArn]) => bucketPolicyDocument([
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

        if (config.edge.shieldAdvanced) {
            // No health-check association: it needs a Route 53 health check and alarm of its own; Shield's
            // response team works without it.
            new aws.shield.Protection(`${name}-shield`, { name: `${prefix}-distribution`, resourceArn: this.distribution.arn }, global);
        }

        this.dnsRecordToCreate = undefined;
        if (domain?.hostedZoneId !== undefined) {
            // Alias records cost nothing per query and follow the distribution's addresses; AAAA because the
            // distribution serves IPv6. CloudFront aliases never evaluate target health.
            for (const type of ["A", "AAAA"] as const) {
                new aws.route53.Record(`${name}-dns-${type.toLowerCase()}`, {
                    zoneId: domain.hostedZoneId,
                    name: domain.name,
                    type,
                    aliases: [{ name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false }],
                }, child);
            }
        } else if (domain !== undefined) {
            // A CNAME works in any DNS service for a subdomain; in Route 53 prefer A/AAAA alias records.
            this.dnsRecordToCreate = this.distribution.domainName.apply((target): DnsRecord => ({ name: domain.name, type: "CNAME", target }));
        }
        this.internalApiUrl = pulumi.output(args.restApiId).apply((id) => `https://${executeApiHost(id, config.region)}/${config.gateway.stageName}`);

        this.refs = pulumi.all([this.distribution.domainName, publicKey.id, signingSecret.arn]).apply(([domainName, keyPairId, signingSecretArn]) => ({
            baseUrl: `https://${domain === undefined ? domainName : domain.name}`,
            keyPairId,
            signingSecretArn,
        }));
        this.portal = new DeveloperPortal(`${name}-portal`, {
            config,
            bucket: data.assets.bucket,
            baseUrl: this.refs.apply((r) => r.baseUrl),
            webClientId: args.webClientId,
        }, child);
        this.registerOutputs({
            refs: this.refs,
            portalKeys: this.portal.keys,
            distributionArn: this.distribution.arn,
            edgeWebAclArn: this.edgeWebAcl.arn,
            regionalWebAclArn: this.regionalWebAcl.arn,
            internalApiUrl: this.internalApiUrl,
            dnsRecordToCreate: this.dnsRecordToCreate,
        });
    }
}

/** An AWS managed rule group; `count` lists its rules that only label (see the reasons in `edgeRules`). */
interface ManagedGroup {
    name: string;
    count?: string[];
    config?: aws.types.input.wafv2.WebAclRuleStatementManagedRuleGroupStatementManagedRuleGroupConfig;
}

/**
 * The CLOUDFRONT ACL's rules, cheapest and most decisive first: rate, size, IP lists, then content inspection,
 * and Bot Control (billed per request it inspects) last, so requests already blocked are never billed for it.
 */
function edgeRules(config: StackConfig, maxBodyBytes: number): WebAclRule[] {
    const groups: ManagedGroup[] = [
        { name: "AWSManagedRulesAmazonIpReputationList" },
        // Hosting providers are where the API's machine clients (client_credentials) run: label, do not block.
        ...(config.edge.anonymousIpList ? [{ name: "AWSManagedRulesAnonymousIpList", count: ["HostingProviderIPList"] }] : []),
        // SizeRestrictions_BODY blocks every body above a fixed 8 KB; `max-body-size` enforces the configured limit.
        { name: "AWSManagedRulesCommonRuleSet", count: ["SizeRestrictions_BODY"] },
        { name: "AWSManagedRulesKnownBadInputsRuleSet" },
        { name: "AWSManagedRulesSQLiRuleSet" },
        // API clients are HTTP libraries with non-browser user agents by definition: label them, do not block.
        ...(config.edge.botControl
            ? [{
                name: "AWSManagedRulesBotControlRuleSet",
                count: ["CategoryHttpLibrary", "SignalNonBrowserUserAgent"],
                config: { awsManagedRulesBotControlRuleSet: { inspectionLevel: "COMMON" } },
            }]
            : []),
    ];
    const metric = (rule: string) => visibility(`${names.webAcl(config.prefix, "edge")}-${rule}`);
    const rules: Omit<WebAclRule, "priority">[] = [
        {
            name: "rate-limit-per-ip",
            action: block("too-many-requests"),
            statement: { rateBasedStatement: { limit: config.edge.wafRateLimitPer5Min, aggregateKeyType: "IP", evaluationWindowSec: 300 } },
            visibilityConfig: metric("rate-limit-per-ip"),
        },
        {
            name: "max-body-size",
            action: block("payload-too-large"),
            // CloudFront forwards only the first 16 to 64 KB of a body to WAF (the ACL's associationConfig);
            // MATCH treats any body beyond that as too large rather than letting its unseen rest through.
            statement: {
                sizeConstraintStatement: {
                    fieldToMatch: { body: { oversizeHandling: "MATCH" } },
                    comparisonOperator: "GT",
                    size: maxBodyBytes,
                    textTransformations: [{ priority: 0, type: "NONE" }],
                },
            },
            visibilityConfig: metric("max-body-size"),
        },
        ...groups.map((g) => ({
            name: g.name,
            overrideAction: { none: {} },
            statement: {
                managedRuleGroupStatement: {
                    vendorName: "AWS",
                    name: g.name,
                    ruleActionOverrides: g.count?.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
                    managedRuleGroupConfigs: g.config === undefined ? undefined : [g.config],
                },
            },
            visibilityConfig: metric(g.name),
        })),
    ];
    return rules.map((r, priority) => ({ ...r, priority }));
}

/** WAF logging with credentials and the origin-verify secret redacted. */
function wafLogging(acl: aws.wafv2.WebAcl, logGroupArn: pulumi.Input<string>): aws.wafv2.WebAclLoggingConfigurationArgs {
    return {
        resourceArn: acl.arn,
        logDestinationConfigs: [logGroupArn],
        redactedFields: EDGE_SECURITY_DEFAULTS.redactedHeaders.map((header) => ({ singleHeader: { name: header } })),
    };
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
