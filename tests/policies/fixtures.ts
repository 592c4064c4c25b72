/**
 * A complete, secure Portcullis stack as offline resources, and helpers to make exactly one change to it.
 * Every rule test starts from this stack (which passes every rule) and breaks one thing.
 */
import * as aws from "@pulumi/aws";
import { groupOf } from "../../policies/lib/conventions";
import { OfflineResource, PolicyPackConfig } from "../../policies/offline";
import { ALL_RULES } from "../../policies/rules";

/**
 * The policy config of the fixture, a Portcullis stack like the real ones: opted in to every Portcullis
 * convention, with its health probe as the one public route, judging runtimes on a fixed day.
 */
export const FIXTURE_CONFIG: PolicyPackConfig = Object.freeze({
    "apigateway-restapi-missing-authorization": { publicRoutes: ["GET /health"] },
    // Runtime deprecation is judged on a fixed day, so the cases do not change meaning as dates pass.
    "lambda-function-enforce-current-runtime": { asOf: "2026-12-01" },
    ...Object.fromEntries(ALL_RULES.filter((r) => groupOf(r) === "convention").map((r) => [r.name, { optIn: true }])),
});

/** The stack the fixture belongs to: prod turns on the production-only rules. */
export type StackName = "dev" | "prod";

/** The Pulumi type token of a resource class (e.g. `aws:s3/bucket:Bucket`). */
export function typeOf(cls: unknown): string {
    return (cls as { __pulumiType: string }).__pulumiType;
}

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const API_ID = "a1b2c3d4e5";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111-2222`;
const STAGE_ARN = `arn:aws:apigateway:${REGION}::/restapis/${API_ID}/stages/v1`;
const REGIONAL_ACL_ARN = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/regional/1`;
const EDGE_ACL_ARN = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/2`;
const CDN_ARN = `arn:aws:cloudfront::${ACCOUNT}:distribution/E123`;
const CDN_LOGS_DESTINATION_ARN = `arn:aws:logs:us-east-1:${ACCOUNT}:delivery-destination:cdn-logs-s3`;

/** The OpenAPI body of the REST API: authorizer on every route but preflight and health, API key on tiered ones. */
export function openApiBody(): Record<string, unknown> {
    const secured = (apiKey: boolean) => ({
        security: [apiKey ? { authorizer: [], api_key: [] } : { authorizer: [] }],
        responses: { 200: { description: "OK" } },
    });
    return {
        openapi: "3.0.1",
        info: { title: "portcullis", version: "1" },
        "x-amazon-apigateway-api-key-source": "HEADER",
        "x-amazon-apigateway-request-validators": { all: { validateRequestBody: true, validateRequestParameters: true } },
        "x-amazon-apigateway-request-validator": "all",
        paths: {
            "/health": { get: { responses: { 200: { description: "OK" } } } },
            "/v1/items": { get: secured(true), post: secured(true), options: { responses: { 204: { description: "CORS" } } } },
            "/v1/internal/jobs": { post: secured(false) },
        },
        components: {
            securitySchemes: {
                api_key: { type: "apiKey", name: "x-api-key", in: "header" },
                authorizer: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "custom" },
            },
        },
    };
}

/** Builds one resource with a URN in the given stack. */
function resource(stack: StackName, cls: unknown, name: string, props: Record<string, unknown>, protect = false): OfflineResource {
    const type = typeOf(cls);
    return { type, name, urn: `urn:pulumi:${stack}::portcullis::${type}::${name}`, props, opts: { protect } };
}

/** The block of an ACL rule's visibility settings. */
const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

/** A managed rule group entry of a web ACL. */
const managed = (name: string, priority: number) => ({
    name, priority, overrideAction: { none: {} }, visibilityConfig: visibility(name),
    statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
});

/**
 * The rules of a web ACL, as the real stacks have them: the regional ACL only admits requests carrying the
 * origin-verify header (its traffic was inspected at the edge); the CLOUDFRONT one inspects and rate-limits.
 */
function aclRules(regional: boolean): unknown[] {
    const verify = {
        name: "require-origin-verify", priority: 0, action: { block: {} }, visibilityConfig: visibility("origin"),
        statement: { notStatement: { statement: { byteMatchStatement: {
            fieldToMatch: { singleHeader: { name: "x-origin-verify" } }, positionalConstraint: "EXACTLY", searchString: "s3cret",
            textTransformations: [{ priority: 0, type: "NONE" }] } } } },
    };
    const rate = {
        name: "rate", priority: 3, action: { block: {} }, visibilityConfig: visibility("rate"),
        statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } },
    };
    return regional ? [verify] : [managed("AWSManagedRulesCommonRuleSet", 1), managed("AWSManagedRulesKnownBadInputsRuleSet", 2), rate];
}

/** The S3 bucket and its setting resources, all secure. */
function bucket(stack: StackName, name: string, logTarget?: string): OfflineResource[] {
    const b = (cls: unknown, suffix: string, props: Record<string, unknown>) => resource(stack, cls, `${name}-${suffix}`, { bucket: name, ...props });
    return [
        resource(stack, aws.s3.Bucket, name, { bucket: name, id: name, arn: `arn:aws:s3:::${name}`, forceDestroy: false }, true),
        b(aws.s3.BucketPublicAccessBlock, "pab", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
        b(aws.s3.BucketPolicy, "policy", { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{
            Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) }),
        b(aws.s3.BucketServerSideEncryptionConfiguration, "sse", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }] }),
        b(aws.s3.BucketVersioning, "versioning", { versioningConfiguration: { status: "Enabled" } }),
        b(aws.s3.BucketOwnershipControls, "ownership", { rule: { objectOwnership: "BucketOwnerEnforced" } }),
        ...(logTarget ? [b(aws.s3.BucketLogging, "logging", { targetBucket: logTarget, targetPrefix: `${name}/` })] : []),
    ];
}

/** Edge: distribution, ACLs, their logging and association, response headers, Shield. */
function edge(stack: StackName): OfflineResource[] {
    const acl = (name: string, scope: string, arn: string) => resource(stack, aws.wafv2.WebAcl, name, {
        arn, scope, defaultAction: { allow: {} }, rules: aclRules(scope === "REGIONAL"), visibilityConfig: visibility(name) });
    return [
        acl("regional-acl", "REGIONAL", REGIONAL_ACL_ARN),
        acl("edge-acl", "CLOUDFRONT", EDGE_ACL_ARN),
        resource(stack, aws.wafv2.WebAclAssociation, "regional-acl-stage", { resourceArn: STAGE_ARN, webAclArn: REGIONAL_ACL_ARN }),
        resource(stack, aws.wafv2.WebAclLoggingConfiguration, "regional-acl-logs", { resourceArn: REGIONAL_ACL_ARN, logDestinationConfigs: ["arn:aws:logs:x:y:log-group:aws-waf-logs-r"] }),
        resource(stack, aws.wafv2.WebAclLoggingConfiguration, "edge-acl-logs", { resourceArn: EDGE_ACL_ARN, logDestinationConfigs: ["arn:aws:logs:x:y:log-group:aws-waf-logs-e"] }),
        resource(stack, aws.cloudfront.ResponseHeadersPolicy, "security-headers", { securityHeadersConfig: {
            strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, override: true, preload: true } } }),
        resource(stack, aws.cloudfront.Distribution, "cdn", {
            arn: CDN_ARN, enabled: true, webAclId: EDGE_ACL_ARN,
            origins: [
                { originId: "api", domainName: `${API_ID}.execute-api.${REGION}.amazonaws.com`, originPath: "/v1",
                    customHeaders: [{ name: "X-Origin-Verify", value: "s3cret" }],
                    customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } },
                { originId: "assets", domainName: "assets.s3.eu-west-1.amazonaws.com", originAccessControlId: "OAC1" },
            ],
            defaultCacheBehavior: { targetOriginId: "api", viewerProtocolPolicy: "https-only", responseHeadersPolicyId: "rhp-1",
                allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] },
            orderedCacheBehaviors: [{ pathPattern: "/assets/*", targetOriginId: "assets", viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"] }],
            viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/c", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
            restrictions: { geoRestriction: { restrictionType: "whitelist", locations: ["FR", "DE"] } },
        }),
        // Standard logging v2: the logs bucket has ACLs disabled, which legacy `loggingConfig` needs.
        resource(stack, aws.cloudwatch.LogDeliverySource, "cdn-logs-source", { name: "cdn-logs", logType: "ACCESS_LOGS", resourceArn: CDN_ARN }),
        resource(stack, aws.cloudwatch.LogDeliveryDestination, "cdn-logs-destination", { name: "cdn-logs-s3", arn: CDN_LOGS_DESTINATION_ARN,
            deliveryDestinationConfiguration: { destinationResourceArn: "arn:aws:s3:::logs" } }),
        resource(stack, aws.cloudwatch.LogDelivery, "cdn-logs-delivery", { deliverySourceName: "cdn-logs", deliveryDestinationArn: CDN_LOGS_DESTINATION_ARN }),
        resource(stack, aws.shield.Protection, "cdn-shield", { resourceArn: CDN_ARN }),
        resource(stack, aws.shield.Subscription, "shield-subscription", { autoRenew: "ENABLED" }),
    ].map((r) => (GLOBAL_RESOURCES.includes(r.name) ? { ...r, provider: usEast1(stack) } : r));
}

/** The edge resources CloudFront uses, which exist only in us-east-1. */
const GLOBAL_RESOURCES = ["edge-acl", "edge-acl-logs", "cdn-logs-source", "cdn-shield"];

/** The explicit us-east-1 provider those resources are created with, as the engine sends it. */
export function usEast1(stack: StackName): OfflineResource["provider"] {
    return { type: "pulumi:providers:aws", name: "us-east-1", urn: `urn:pulumi:${stack}::portcullis::pulumi:providers:aws::us-east-1`, props: { region: "us-east-1" } };
}

/** Gateway: REST API, stage, settings, method, domain, usage plans. */
function gateway(stack: StackName): OfflineResource[] {
    const plan = (tier: string, rate: number) => resource(stack, aws.apigateway.UsagePlan, `plan-${tier}`, {
        apiStages: [{ apiId: API_ID, stage: "v1" }], tags: { "portcullis:tier": tier },
        throttleSettings: { rateLimit: rate, burstLimit: rate * 2 }, quotaSettings: { limit: rate * 1000, period: "DAY" } });
    return [
        resource(stack, aws.apigateway.RestApi, "api", { id: API_ID, body: JSON.stringify(openApiBody()) }),
        resource(stack, aws.apigateway.Stage, "api-stage", { arn: STAGE_ARN, restApi: API_ID, stageName: "v1", deployment: "d1",
            xrayTracingEnabled: true, accessLogSettings: { destinationArn: "arn:aws:logs:x:y:log-group:access", format: "{\"requestId\":\"$context.requestId\"}" } }),
        resource(stack, aws.apigateway.MethodSettings, "api-settings", { restApi: API_ID, stageName: "v1", methodPath: "*/*",
            settings: { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true, throttlingRateLimit: 100, throttlingBurstLimit: 200 } }),
        resource(stack, aws.apigateway.Method, "items-get", { restApi: API_ID, resourceId: "r1", httpMethod: "GET", authorization: "CUSTOM", authorizerId: "az1" }),
        resource(stack, aws.apigateway.DomainName, "api-domain", { domainName: "api.example.com", securityPolicy: "TLS_1_2", regionalCertificateArn: "arn:aws:acm:x:y:certificate/z" }),
        plan("basic", 10), plan("premium", 50), plan("enterprise", 200),
    ];
}

/** Auth: user pool, identity pool. */
function auth(stack: StackName): OfflineResource[] {
    return [
        resource(stack, aws.cognito.UserPool, "users", {
            mfaConfiguration: "ON", softwareTokenMfaConfiguration: { enabled: true }, deletionProtection: "ACTIVE", userPoolTier: "PLUS",
            userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
            passwordPolicy: { minimumLength: 14, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
        }, true),
        resource(stack, aws.cognito.IdentityPool, "identities", { identityPoolName: "portcullis", allowUnauthenticatedIdentities: false, allowClassicFlow: false }),
    ];
}

/** Compute: one function with its role, policies and permission. */
function compute(stack: StackName): OfflineResource[] {
    const readPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [
        { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/catalog` },
        { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    ] });
    return [
        resource(stack, aws.iam.Role, "catalog-read-role", {
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] }),
            inlinePolicies: [{ name: "read", policy: readPolicy }] }),
        resource(stack, aws.iam.RolePolicy, "catalog-read-policy", { role: "catalog-read-role", policy: readPolicy }),
        resource(stack, aws.iam.RolePolicyAttachment, "catalog-read-basic", { role: "catalog-read-role",
            policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }),
        resource(stack, aws.lambda.Function, "catalog-read", { role: "arn:aws:iam::1:role/catalog-read-role", runtime: "nodejs22.x",
            handler: "index.handler", memorySize: 512, timeout: 10, tracingConfig: { mode: "Active" },
            environment: { variables: { TABLE_NAME: "catalog", ORIGIN_SECRET_ARN: "arn:aws:secretsmanager:x:y:secret:s" } } }),
        resource(stack, aws.lambda.Permission, "catalog-read-invoke", { action: "lambda:InvokeFunction", function: "catalog-read",
            principal: "apigateway.amazonaws.com", sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/*/*` }),
        resource(stack, aws.lambda.FunctionUrl, "catalog-read-url", { functionName: "catalog-read", authorizationType: "AWS_IAM" }),
    ];
}

/** Data and observability: key, table, cluster, buckets, secret, log group, alarm. */
function data(stack: StackName): OfflineResource[] {
    return [
        resource(stack, aws.kms.Key, "data-key", { arn: KEY_ARN, enableKeyRotation: true, deletionWindowInDays: 30,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] }) }, true),
        resource(stack, aws.dynamodb.Table, "catalog", { hashKey: "pk", billingMode: "PAY_PER_REQUEST", deletionProtectionEnabled: true,
            pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN } }, true),
        resource(stack, aws.rds.Cluster, "db", { engine: "aurora-postgresql", storageEncrypted: true, kmsKeyId: KEY_ARN, backupRetentionPeriod: 7,
            deletionProtection: true, enableHttpEndpoint: true, enabledCloudwatchLogsExports: ["postgresql"], manageMasterUserPassword: true }, true),
        resource(stack, aws.rds.ClusterInstance, "db-1", { clusterIdentifier: "db", engine: "aurora-postgresql", instanceClass: "db.serverless", publiclyAccessible: false }),
        ...bucket(stack, "assets", "logs"),
        ...bucket(stack, "logs"),
        resource(stack, aws.secretsmanager.Secret, "origin-verify-secret", { kmsKeyId: KEY_ARN, recoveryWindowInDays: 30 }),
        resource(stack, aws.cloudwatch.LogGroup, "access-logs", { retentionInDays: 90, kmsKeyId: KEY_ARN }),
        resource(stack, aws.cloudwatch.MetricAlarm, "errors-alarm", { alarmActions: ["arn:aws:sns:x:y:alerts"], comparisonOperator: "GreaterThanThreshold",
            evaluationPeriods: 1, metricName: "5XXError", namespace: "AWS/ApiGateway", period: 60, statistic: "Sum", threshold: 1 }),
    ];
}

/** The whole secure stack. */
export function secureStack(stack: StackName = "prod"): OfflineResource[] {
    return [...gateway(stack), ...edge(stack), ...auth(stack), ...compute(stack), ...data(stack)];
}

/** A change to one resource: new props over the old (a value of `undefined` removes the prop), or a function. */
export type PropsChange = Record<string, unknown> | ((props: Record<string, unknown>) => Record<string, unknown>);

/** Returns a copy of the resources with the props of the resource `name` changed. */
export function change(resources: OfflineResource[], name: string, update: PropsChange): OfflineResource[] {
    if (!resources.some((r) => r.name === name)) {
        throw new Error(`no resource named ${name} in the fixture`);
    }
    return resources.map((r) => {
        if (r.name !== name) {
            return r;
        }
        const props = typeof update === "function" ? update(structuredClone(r.props ?? {})) : { ...r.props, ...update };
        return { ...r, props: Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) };
    });
}

/** A resource the fixture does not have, in the prod stack unless `stack` says otherwise, to add to it. */
export function added(cls: unknown, name: string, props: Record<string, unknown>, stack: StackName = "prod"): OfflineResource {
    return resource(stack, cls, name, props);
}

/** Returns a copy of the resources without the resource `name`. */
export function without(resources: OfflineResource[], name: string): OfflineResource[] {
    if (!resources.some((r) => r.name === name)) {
        throw new Error(`no resource named ${name} in the fixture`);
    }
    return resources.filter((r) => r.name !== name);
}

/** Returns a copy of the resources with the `protect` option of `name` set as given. */
export function protect(resources: OfflineResource[], name: string, value: boolean): OfflineResource[] {
    return resources.map((r) => (r.name === name ? { ...r, opts: { ...r.opts, protect: value } } : r));
}

/** Changes the OpenAPI body of the REST API `api`. */
export function changeBody(resources: OfflineResource[], update: (doc: Record<string, any>) => void): OfflineResource[] {
    return change(resources, "api", (p) => {
        const doc = JSON.parse(String(p["body"])) as Record<string, any>;
        update(doc);
        return { ...p, body: JSON.stringify(doc) };
    });
}
