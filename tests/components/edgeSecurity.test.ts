import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { DOCS_FUNCTION_CODE } from "../../components/docsFunction";
import { corsConfig } from "../../components/edge/distribution";
import { bodyInspection } from "../../components/edge/webAcls";
import { EdgeSecurity } from "../../components/edgeSecurity";
import { internalRoutePaths, regionalAclRules } from "../../components/wafRules";
import type { RawConfig } from "../../config";
import { ROUTES } from "../../contract/routes";
import { evaluateAcl, type WafRequest } from "../../local/gateway/regionalAcl";
import { awsMocks } from "../../harness/mocks";
import { CapturedResource, EvaluatedStack, evaluateComponents } from "../../harness/evaluate";
import { EDGE_PROVIDER, secretValue, TEST_PREFIX, TEST_REGION, testConfig, testEdgeProvider, UPSTREAM } from "./support";

const COMPONENT = "portcullis:edge:EdgeSecurity::edge";
const PORTAL_TYPE = "portcullis:edge:DeveloperPortal";
const PORTAL = `${PORTAL_TYPE}::edge-portal`;

/** A resource as the harness captured it, plus what the mocks answered (id and outputs derive from its inputs). */
interface Captured extends CapturedResource {
    id: string;
    state: Record<string, any>;
}

const MOCKS = awsMocks(TEST_REGION);
function answered(r: CapturedResource): Captured {
    const { id, state } = MOCKS.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }) as pulumi.runtime.MockResourceResult;
    return { ...r, id: id!, state };
}

/** A key pair set in config, as `pulumi config set --secret` would. */
const CONFIGURED_KEY = {
    publicKeyPem: "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n",
    privateKeyPem: "-----BEGIN PRIVATE KEY-----\nconfigured\n-----END PRIVATE KEY-----\n",
};

/** What the component receives from the gateway and the auth layer. */
const REST_API_ID = "test-api-id";
const STAGE_ARN = `arn:aws:apigateway:${TEST_REGION}::/restapis/${REST_API_ID}/stages/live`;
const WEB_CLIENT_ID = "web-client-id";

const T = {
    acl: "aws:wafv2/webAcl:WebAcl",
    aclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    association: "aws:wafv2/webAclAssociation:WebAclAssociation",
    distribution: "aws:cloudfront/distribution:Distribution",
    cachePolicy: "aws:cloudfront/cachePolicy:CachePolicy",
    headersPolicy: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    publicKey: "aws:cloudfront/publicKey:PublicKey",
    keyGroup: "aws:cloudfront/keyGroup:KeyGroup",
    oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    password: "random:index/randomPassword:RandomPassword",
    privateKey: "tls:index/privateKey:PrivateKey",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    shield: "aws:shield/protection:Protection",
    logSource: "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    logDestination: "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
    logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
    cfFunction: "aws:cloudfront/function:Function",
    record: "aws:route53/record:Record",
};

const DOMAIN_MINIMAL = { name: "api.test.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/6a1e2b4c-8d3f-4e5a-9b7c-0f1e2d3c4b5a" };
const DOMAIN_FULL = { name: "api.portcullis.example.com", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0d7c3f3e-5b1a-4e8e-9a51-2b6f1f0a9c11" };

/**
 * Two edges from explicit config: the cheapest one (the defaults turned down, as dev does: no paid rule groups,
 * no Shield, a generated key, unprotected) and the fullest one (every paid protection on, a configured key,
 * protected, two CORS origins).
 */
const GEO = { type: "blacklist", locations: ["KP", "IR", "SY", "CU"] };
const CASES = {
    minimal: {
        raw: {
            protect: false,
            edge: { domain: DOMAIN_MINIMAL, geoRestriction: GEO, wafRateLimitPer5Min: 1000, anonymousIpList: false, botControl: false, priceClass: "PriceClass_100" },
            gateway: { corsOrigins: ["http://localhost:5173"] },
        } as Omit<RawConfig, "stack" | "region">,
        groups: ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"],
        rateLimit: 1000,
        rateLimitBasic: 5,
        geo: { restrictionType: "blacklist", locations: ["KP", "IR", "SY", "CU"] },
        domain: DOMAIN_MINIMAL,
        priceClass: "PriceClass_100",
        corsOrigins: ["http://localhost:5173"],
        shield: 0,
        recoveryDays: 0,
        signingKey: "generated",
    },
    full: {
        raw: {
            edge: {
                domain: DOMAIN_FULL, geoRestriction: GEO, wafRateLimitPer5Min: 2000, anonymousIpList: true, botControl: true,
                shieldAdvanced: true, shieldSubscribed: true, priceClass: "PriceClass_All",
            },
            gateway: {
                corsOrigins: ["https://app.portcullis.example.com", "https://admin.portcullis.example.com"],
                tiers: {
                    basic: { throttle: { rateLimit: 7, burstLimit: 14 }, quota: { limit: 1000, period: "DAY" } },
                    premium: { throttle: { rateLimit: 20, burstLimit: 40 }, quota: { limit: 20000, period: "DAY" } },
                    enterprise: { throttle: { rateLimit: 50, burstLimit: 100 }, quota: { limit: 1000000, period: "MONTH" } },
                },
            },
        } as Omit<RawConfig, "stack" | "region">,
        groups: [
            "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesAnonymousIpList", "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesBotControlRuleSet",
        ],
        rateLimit: 2000,
        rateLimitBasic: 7,
        geo: { restrictionType: "blacklist", locations: ["KP", "IR", "SY", "CU"] },
        domain: DOMAIN_FULL,
        priceClass: "PriceClass_All",
        corsOrigins: ["https://app.portcullis.example.com", "https://admin.portcullis.example.com"],
        shield: 1,
        recoveryDays: 30,
        signingKey: "configured",
    },
} as const;

/** EdgeSecurity alone, from `raw` config and the stand-ins for its upstream; its outputs as the stack's. */
function evaluateEdge(raw: Omit<RawConfig, "stack" | "region">, signingKey: "generated" | "configured"): Promise<EvaluatedStack> {
    return evaluateComponents(() => {
        const edge = new EdgeSecurity("edge", {
            config: testConfig(raw),
            secrets: signingKey === "configured"
                ? { signingKey: { publicKeyPem: CONFIGURED_KEY.publicKeyPem, privateKeyPem: pulumi.secret(CONFIGURED_KEY.privateKeyPem) } }
                : {},
            edgeProvider: testEdgeProvider(),
            restApiId: REST_API_ID,
            webClientId: WEB_CLIENT_ID,
            stageArn: STAGE_ARN,
            data: UPSTREAM.data,
            logGroups: UPSTREAM.logGroups,
        });
        return { refs: edge.refs, internalApiUrl: edge.internalApiUrl, dnsRecordToCreate: edge.dnsRecordToCreate };
    });
}

const rule = (acl: Captured, name: string) => {
    const found = (acl.inputs.rules as any[]).find((r) => r.name === name);
    if (!found) throw new Error(`no rule ${name} in ${acl.name}`);
    return found;
};
const managedGroups = (acl: Captured) => (acl.inputs.rules as any[])
    .filter((r) => r.statement.managedRuleGroupStatement)
    .map((r) => r.statement.managedRuleGroupStatement.name);

describe("bodyInspection", () => {
    it("picks the smallest inspection size that covers the limit, and never promises more than 64 KB", () => {
        expect(bodyInspection(8192)).to.deep.equal({ limit: "KB_16", enforcedBytes: 8192 });
        expect(bodyInspection(16385)).to.deep.equal({ limit: "KB_32", enforcedBytes: 16385 });
        expect(bodyInspection(65536)).to.deep.equal({ limit: "KB_64", enforcedBytes: 65536 });
        expect(bodyInspection(1048576)).to.deep.equal({ limit: "KB_64", enforcedBytes: 65536 });
    });
});

describe("corsConfig", () => {
    it("adds no CORS configuration when no origin is allowed", () => {
        expect(corsConfig([])).to.equal(undefined);
    });
});

/** The edge's children (answered), and what it received from the other components. */
interface EdgeView {
    resources: Captured[];
    ofType(type: string): Captured[];
    one(type: string, suffix?: string): Captured;
}

function edgeView(stack: EvaluatedStack): EdgeView {
    const resources = stack.resources.filter((r) => r.parent === COMPONENT).map(answered);
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    return {
        resources,
        ofType,
        one(type, suffix = "") {
            const found = ofType(type).filter((r) => r.name.endsWith(suffix));
            if (found.length !== 1) throw new Error(`expected one ${type} named *${suffix} in the edge, found ${found.length}`);
            return found[0];
        },
    };
}

/** The upstream values, as the assertions compare them. */
const up = {
    restApiId: REST_API_ID,
    stageArn: STAGE_ARN,
    dataKeyArn: UPSTREAM.data.dataKeyArn,
    wafEdgeArn: UPSTREAM.logGroups.wafEdge.arn,
    wafRegionalArn: UPSTREAM.logGroups.wafRegional.arn,
    bucket: (key: "assets" | "private" | "logs") => UPSTREAM.data[key],
};
const prefix = TEST_PREFIX;

for (const caseName of ["minimal", "full"] as const) {
    const expected = CASES[caseName];

    describe(`EdgeSecurity, ${caseName}`, function () {
        let stack: EvaluatedStack;
        let s: EdgeView;
        let distribution: Captured;
        /** The origins carry the origin-verify secret, so the engine receives them as one secret. */
        let origins: any[];
        before(async function () {
            stack = await evaluateEdge(expected.raw, expected.signingKey);
            s = edgeView(stack);
            distribution = s.one(T.distribution);
            origins = secretValue(distribution.inputs.origins) as any[];
        });
        const acl = (scope: "edge" | "regional") => s.one(T.acl, `-${scope}-acl`);
        const behavior = (path: string) => (distribution.inputs.orderedCacheBehaviors as any[]).find((b) => b.pathPattern === path);
        const origin = (id: string) => origins.find((o) => o.originId === id);

        it("creates exactly these children, all parented to the component", () => {
            const children = s.resources;
            const counts: Record<string, number> = {};
            for (const r of children) counts[r.type] = (counts[r.type] ?? 0) + 1;
            expect(counts).to.deep.equal({
                [T.password]: 1, [T.secret]: 2, [T.secretVersion]: 2, [T.acl]: 2, [T.association]: 1,
                [T.aclLogging]: 2, ...(expected.signingKey === "generated" ? { [T.privateKey]: 1 } : {}), [T.publicKey]: 1, [T.keyGroup]: 1, [T.oac]: 1, [T.cachePolicy]: 1,
                [T.headersPolicy]: 1, [T.distribution]: 1, [T.logSource]: 1, [T.logDestination]: 1, [T.logDelivery]: 1,
                [T.bucketPolicy]: 2, ...(expected.shield ? { [T.shield]: 1 } : {}), [PORTAL_TYPE]: 1, [T.cfFunction]: 1,
            });
            expect(stack.ofType("portcullis:edge:EdgeSecurity").map((r) => r.parent)).to.deep.equal([undefined]);
            expect(stack.resources.filter((r) => r.name.startsWith("edge-") && ![COMPONENT, PORTAL].includes(r.parent ?? "")).map((r) => r.name)).to.deep.equal([]);
        });

        it("publishes the developer portal under docs/ in the assets bucket, pointed at this stack's API", () => {
            const objects = stack.resources.filter((r) => r.parent === PORTAL);
            const byKey: Record<string, any> = Object.fromEntries(objects.map((o) => [o.inputs.key, o.inputs]));
            expect(objects.every((o) => o.type === "aws:s3/bucketObjectv2:BucketObjectv2")).to.equal(true);
            expect(Object.keys(byKey).sort()).to.deep.equal([
                "docs/assets/console.js", "docs/assets/favicon.svg", "docs/assets/portal.css", "docs/assets/redoc.standalone.js",
                "docs/assets/reference.js", "docs/authentication.html", "docs/callback.html", "docs/changelog.html",
                "docs/console.html", "docs/errors.html", "docs/getting-started.html", "docs/index.html", "docs/openapi.json",
                "docs/openapi.yaml", "docs/reference.html", "docs/sdks/portcullis-sdk.tgz", "docs/tiers.html",
            ]);
            // The SDK tarball is binary: uploaded from its file, never as text.
            expect(byKey["docs/sdks/portcullis-sdk.tgz"].contentType).to.equal("application/gzip");
            expect(byKey["docs/sdks/portcullis-sdk.tgz"]).not.to.have.property("content");
            // The console signs in with this stack's web client.
            expect(byKey["docs/console.html"].content).to.include(`data-client-id="${WEB_CLIENT_ID}"`);
            for (const inputs of Object.values(byKey)) expect(inputs.bucket).to.equal(up.bucket("assets").bucket);
            expect(byKey["docs/index.html"].contentType).to.equal("text/html; charset=utf-8");
            expect(byKey["docs/openapi.json"].contentType).to.equal("application/json");
            expect(JSON.parse(byKey["docs/openapi.json"].content).servers).to.deep.equal([{ url: `https://${expected.domain.name}` }]);
            expect(byKey["docs/openapi.json"].content).not.to.include("x-amazon-apigateway");
            expect(byKey["docs/tiers.html"].content).to.include(String(expected.rateLimitBasic));
        });

        it("puts the CLOUDFRONT ACL, its logging, the vended logs and Shield on the us-east-1 provider, and the regional ACL on the default one", () => {
            expect(stack.one("pulumi:providers:aws").inputs.region).to.equal("us-east-1");
            const onUsEast1 = s.resources.filter((r) => r.provider === EDGE_PROVIDER).map((r) => `${r.type}::${r.name}`).sort();
            expect(onUsEast1).to.deep.equal([
                `${T.logDelivery}::edge-access-logs`, `${T.logDestination}::edge-access-logs`, `${T.logSource}::edge-access-logs`,
                ...(expected.shield ? [`${T.shield}::edge-shield`] : []),
                `${T.acl}::edge-edge-acl`, `${T.aclLogging}::edge-edge-acl`,
            ].sort());
            expect(acl("regional").provider).to.equal(undefined);
            expect(s.one(T.aclLogging, "-regional-acl").provider).to.equal(undefined);
            expect(acl("edge").inputs.scope).to.equal("CLOUDFRONT");
            expect(acl("regional").inputs.scope).to.equal("REGIONAL");
            expect(acl("edge").inputs.name).to.equal(`${prefix}-edge`);
            expect(acl("regional").inputs.name).to.equal(`${prefix}-regional`);
        });

        it(`uses exactly the managed rule groups the ${caseName} config turns on, in blocking mode`, () => {
            expect(managedGroups(acl("edge"))).to.deep.equal(expected.groups);
            for (const name of expected.groups) expect(rule(acl("edge"), name).overrideAction, name).to.deep.equal({ none: {} });
            const counted = (name: string) => (rule(acl("edge"), name).statement.managedRuleGroupStatement.ruleActionOverrides ?? [])
                .map((o: any) => [o.name, Object.keys(o.actionToUse)]);
            expect(counted("AWSManagedRulesCommonRuleSet")).to.deep.equal([["SizeRestrictions_BODY", ["count"]]]);
            expect(counted("AWSManagedRulesKnownBadInputsRuleSet")).to.deep.equal([]);
            expect(counted("AWSManagedRulesSQLiRuleSet")).to.deep.equal([]);
            expect(counted("AWSManagedRulesAmazonIpReputationList")).to.deep.equal([]);
            if (caseName === "full") {
                expect(rule(acl("edge"), "AWSManagedRulesBotControlRuleSet").statement.managedRuleGroupStatement.managedRuleGroupConfigs)
                    .to.deep.equal([{ awsManagedRulesBotControlRuleSet: { inspectionLevel: "COMMON" } }]);
                expect(counted("AWSManagedRulesBotControlRuleSet")).to.deep.equal([["CategoryHttpLibrary", ["count"]], ["SignalNonBrowserUserAgent", ["count"]]]);
                expect(counted("AWSManagedRulesAnonymousIpList")).to.deep.equal([["HostingProviderIPList", ["count"]]]);
            }
            expect(acl("edge").inputs.rules.map((r: any) => r.priority)).to.deep.equal(acl("edge").inputs.rules.map((_: unknown, i: number) => i));
        });

        it("blocks more than the configured requests per IP in 5 minutes, and bodies above what WAF can inspect", () => {
            const rate = rule(acl("edge"), "rate-limit-per-ip");
            expect(rate.statement.rateBasedStatement).to.deep.equal({ limit: expected.rateLimit, aggregateKeyType: "IP", evaluationWindowSec: 300 });
            expect(rate.action).to.deep.equal({ block: { customResponse: { responseCode: 429, customResponseBodyKey: "too-many-requests" } } });
            // Both configs keep the default 16 KiB, which is also the body size WAF inspects without extra charge.
            const size = rule(acl("edge"), "max-body-size");
            expect(size.statement.sizeConstraintStatement).to.deep.equal({
                fieldToMatch: { body: { oversizeHandling: "MATCH" } }, comparisonOperator: "GT", size: 16384, textTransformations: [{ priority: 0, type: "NONE" }],
            });
            expect(size.action.block.customResponse.responseCode).to.equal(413);
            expect(acl("edge").inputs.associationConfig).to.deep.equal({ requestBodies: [{ cloudfront: { defaultSizeInspectionLimit: "KB_16" } }] });
            for (const scope of ["edge", "regional"] as const) {
                expect(acl(scope).inputs.defaultAction).to.deep.equal({ allow: {} });
                expect(acl(scope).inputs.customResponseBodies.find((b: any) => b.key === "forbidden"))
                    .to.deep.equal({ key: "forbidden", contentType: "APPLICATION_JSON", content: '{"message":"Forbidden"}' });
                const rules = (scope === "regional" ? secretValue(acl(scope).inputs.rules) : acl(scope).inputs.rules) as any[];
                for (const v of [acl(scope).inputs.visibilityConfig, ...rules.map((r) => r.visibilityConfig)]) {
                    expect([v.cloudwatchMetricsEnabled, v.sampledRequestsEnabled]).to.deep.equal([true, true]);
                }
            }
        });

        it("blocks at the stage every request whose origin-verify header is not exactly the secret CloudFront sends", () => {
            const regional = acl("regional");
            const rules = secretValue(regional.inputs.rules) as any[];
            expect(rules.map((r) => [r.name, r.priority])).to.deep.equal([["admit-signed-internal", 0], ["require-origin-verify", 1]]);
            const verify = rules[1];
            expect(verify.action).to.deep.equal({ block: { customResponse: { responseCode: 403, customResponseBodyKey: "forbidden" } } });
            const match = verify.statement.notStatement.statement.byteMatchStatement;
            expect(match.fieldToMatch).to.deep.equal({ singleHeader: { name: "x-origin-verify" } });
            expect(match.positionalConstraint).to.equal("EXACTLY");
            expect(match.textTransformations).to.deep.equal([{ priority: 0, type: "NONE" }]);

            const secret = s.one(T.password).state.result as string;
            expect(s.one(T.password).inputs).to.include({ length: 48, special: false });
            expect(secret).to.match(/^[A-Za-z0-9]{32,}$/);
            expect(match.searchString).to.equal(secret);
            expect(origin("api").customHeaders).to.deep.equal([{ name: "X-Origin-Verify", value: secret }]);
            expect(secretValue(s.one(T.secretVersion, "edge-origin-verify").inputs.secretString)).to.equal(secret);

            expect(s.one(T.association).inputs).to.deep.equal({ resourceArn: up.stageArn, webAclArn: regional.state.arn });
            // WAFv2 descriptions allow letters, digits, spaces and \w+=:#@/-,. only (no parentheses).
            expect(regional.inputs.description).to.match(/^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/);
        });

        it("admits without the origin-verify header only SigV4-signed requests to the contract's internal route, on the stage's path", () => {
            const rules = secretValue(acl("regional").inputs.rules) as any[];
            const admit = rules[0];
            expect(admit.action).to.deep.equal({ allow: {} });
            expect(admit.statement).to.deep.equal({
                andStatement: {
                    statements: [
                        { byteMatchStatement: { fieldToMatch: { singleHeader: { name: "authorization" } }, positionalConstraint: "STARTS_WITH", searchString: "AWS4-HMAC-SHA256 ", textTransformations: [{ priority: 0, type: "NONE" }] } },
                        { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "EXACTLY", searchString: "/live/v1/internal/stock", textTransformations: [{ priority: 0, type: "NONE" }] } },
                    ],
                },
            });
            expect(admit.visibilityConfig.metricName).to.equal(`${prefix}-regional-admit-signed-internal`);
            // What the captured rules decide, evaluated as WAF does (first allow or block wins, default allow).
            const secret = s.one(T.password).state.result as string;
            const sigv4 = "AWS4-HMAC-SHA256 Credential=AKIA/20260107/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=ab";
            const decide = (uriPath: string, headers: WafRequest["headers"]) => evaluateAcl(rules, { uriPath, headers }).action;
            expect(decide("/live/v1/internal/stock", { authorization: sigv4 })).to.equal("allow");
            expect(decide("/live/v1/internal/stock", {})).to.equal("block");
            expect(decide("/live/v1/internal/stock", { authorization: "Bearer eyJ" })).to.equal("block");
            expect(decide("/live/v1/internal/stock/", { authorization: sigv4 })).to.equal("block");
            expect(decide("/live/v1/orders", { authorization: sigv4 })).to.equal("block");
            expect(decide("/v1/internal/stock", { authorization: sigv4 })).to.equal("block");
            expect(decide("/live/v1/orders", { "x-origin-verify": secret })).to.equal("allow");
            expect(decide("/live/v1/orders", { "x-origin-verify": `${secret}x` })).to.equal("block");
        });

        it("serves the portal's index documents at /docs/ and redirects /docs, through a CloudFront Function on both docs behaviors", () => {
            const fn = s.one(T.cfFunction);
            expect(fn.inputs).to.deep.equal({
                name: `${prefix}-docs-index`,
                comment: "Serves index.html for /docs/ directory paths and redirects /docs to /docs/.",
                runtime: "cloudfront-js-2.0",
                code: DOCS_FUNCTION_CODE,
                publish: true,
            });
            for (const path of ["/docs", "/docs/*"]) {
                expect(behavior(path), path).to.deep.include({ targetOriginId: "assets", cachePolicyId: "managed-Managed-CachingOptimized", allowedMethods: ["GET", "HEAD"] });
                expect(behavior(path).functionAssociations, path).to.deep.equal([{ eventType: "viewer-request", functionArn: fn.state.arn }]);
            }
            expect(behavior("/assets/*").functionAssociations).to.equal(undefined);
            const patterns = (distribution.inputs.orderedCacheBehaviors as any[]).map((b) => b.pathPattern);
            expect(patterns).to.deep.equal(["/docs", "/docs/*", "/assets/*", "/receipts/*"]);
        });

        it("exports the execute-api URL internal callers sign for, and the DNS record to create for the custom domain", () => {
            expect(stack.outputs.internalApiUrl).to.equal(`https://${up.restApiId}.execute-api.eu-west-1.amazonaws.com/live`);
            expect(s.ofType(T.record)).to.deep.equal([]);
            expect(stack.outputs.dnsRecordToCreate).to.deep.equal({ name: expected.domain.name, type: "CNAME", target: distribution.state.domainName });
        });

        it("logs both ACLs to their WAF log groups with credentials and the secret redacted", () => {
            const redacted = ["authorization", "x-api-key", "x-origin-verify"].map((name) => ({ singleHeader: { name } }));
            expect(s.one(T.aclLogging, "-edge-acl").inputs).to.deep.equal({ resourceArn: acl("edge").state.arn, logDestinationConfigs: [up.wafEdgeArn], redactedFields: redacted });
            expect(s.one(T.aclLogging, "-regional-acl").inputs).to.deep.equal({ resourceArn: acl("regional").state.arn, logDestinationConfigs: [up.wafRegionalArn], redactedFields: redacted });
        });

        it("reaches the API over HTTPS with TLS 1.2 only, and accepts viewers over HTTPS only", () => {
            expect(origin("api")).to.deep.include({
                domainName: `${up.restApiId}.execute-api.eu-west-1.amazonaws.com`,
                originPath: "/live",
                customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
            });
            const behaviors = [distribution.inputs.defaultCacheBehavior, ...distribution.inputs.orderedCacheBehaviors];
            expect(behaviors.map((b: any) => b.viewerProtocolPolicy)).to.deep.equal(behaviors.map(() => "https-only"));
            expect(distribution.inputs).to.deep.include({
                httpVersion: "http2and3", isIpv6Enabled: true, priceClass: expected.priceClass, webAclId: acl("edge").state.arn, enabled: true,
            });
            expect(distribution.inputs.retainOnDelete).to.equal(undefined);
            expect(distribution.inputs.viewerCertificate).to.deep.equal({
                acmCertificateArn: expected.domain.certificateArn,
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
            });
            expect(distribution.inputs.aliases).to.deep.equal([expected.domain.name]);
        });

        it("never caches the API beyond one second, keys on the credentials, and forwards everything but Host", () => {
            const policy = s.one(T.cachePolicy);
            expect(policy.inputs).to.deep.include({ minTtl: 0, defaultTtl: 0, maxTtl: 1 });
            expect(policy.inputs.parametersInCacheKeyAndForwardedToOrigin).to.deep.include({
                headersConfig: { headerBehavior: "whitelist", headers: { items: ["Authorization", "x-api-key"] } },
                queryStringsConfig: { queryStringBehavior: "all" },
                cookiesConfig: { cookieBehavior: "none" },
            });
            expect(distribution.inputs.defaultCacheBehavior).to.deep.include({
                targetOriginId: "api",
                allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
                cachedMethods: ["GET", "HEAD"],
                cachePolicyId: policy.id,
                originRequestPolicyId: "managed-Managed-AllViewerExceptHostHeader",
                responseHeadersPolicyId: s.one(T.headersPolicy).id,
            });
        });

        it("adds HSTS, nosniff, frame DENY, a referrer policy and CORS for the configured origins", () => {
            const policy = s.one(T.headersPolicy).inputs;
            expect(policy.securityHeadersConfig).to.deep.equal({
                strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
                contentTypeOptions: { override: true },
                frameOptions: { frameOption: "DENY", override: true },
                referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: false },
            });
            expect(policy.corsConfig).to.deep.include({
                accessControlAllowOrigins: { items: expected.corsOrigins },
                accessControlAllowCredentials: false,
                originOverride: false,
            });
            expect(policy.corsConfig.accessControlAllowHeaders.items).to.include.members(["Authorization", "X-Api-Key", "Content-Type"]);
        });

        it("restricts countries as configured", () => {
            expect(distribution.inputs.restrictions).to.deep.equal({ geoRestriction: expected.geo });
        });

        it("serves /receipts/* from the private bucket only with URLs signed by the key group's key", () => {
            const publicKey = s.one(T.publicKey);
            const keyGroup = s.one(T.keyGroup);
            expect(keyGroup.inputs.items).to.deep.equal([publicKey.id]);
            const signingPem = secretValue(s.one(T.secretVersion, "edge-signing-key").inputs.secretString);
            if (expected.signingKey === "generated") {
                const generated = s.one(T.privateKey);
                expect(generated.inputs).to.deep.equal({ algorithm: "RSA", rsaBits: 2048 });
                expect(publicKey.inputs.encodedKey).to.equal(generated.state.publicKeyPem);
                expect(signingPem).to.equal(generated.state.privateKeyPem);
            } else {
                expect(s.ofType(T.privateKey)).to.deep.equal([]);
                expect(publicKey.inputs.encodedKey).to.equal(CONFIGURED_KEY.publicKeyPem);
                expect(signingPem).to.equal(CONFIGURED_KEY.privateKeyPem);
            }
            expect(behavior("/receipts/*")).to.deep.include({
                targetOriginId: "private", trustedKeyGroups: [keyGroup.id], cachePolicyId: "managed-Managed-CachingDisabled", allowedMethods: ["GET", "HEAD"],
            });
            for (const path of ["/docs/*", "/assets/*"]) {
                expect(behavior(path)).to.deep.include({ targetOriginId: "assets", cachePolicyId: "managed-Managed-CachingOptimized" });
                expect(behavior(path).trustedKeyGroups).to.equal(undefined);
            }
            expect(distribution.inputs.defaultCacheBehavior.trustedKeyGroups).to.equal(undefined);
        });

        it("reaches both buckets through one origin access control that always signs with SigV4", () => {
            const oac = s.one(T.oac);
            expect(oac.inputs).to.deep.include({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
            expect(origin("assets")).to.deep.equal({
                originId: "assets", domainName: up.bucket("assets").regionalDomainName, originAccessControlId: oac.id, s3OriginConfig: { originAccessIdentity: "" },
            });
            expect(origin("private")).to.deep.equal({
                originId: "private", domainName: up.bucket("private").regionalDomainName, originAccessControlId: oac.id, s3OriginConfig: { originAccessIdentity: "" },
            });
            expect(origins).to.have.length(3);
        });

        it("lets only this distribution read the served paths, and only over TLS", () => {
            const paths = { assets: ["docs/*", "assets/*"], private: ["receipts/*"] };
            for (const [key, served] of Object.entries(paths)) {
                const policy = s.one(T.bucketPolicy, `-${key}-bucket-policy`);
                const { arn, bucket } = up.bucket(key as "assets" | "private");
                expect(policy.inputs.bucket).to.equal(bucket);
                expect(JSON.parse(policy.inputs.policy).Statement).to.deep.equal([
                    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    {
                        Sid: "AllowThisDistributionToRead", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject",
                        Resource: served.map((p) => `${arn}/${p}`), Condition: { StringEquals: { "AWS:SourceArn": distribution.state.arn } },
                    },
                ]);
            }
        });

        it("keeps both secrets under the data key, and writes access logs to the logs bucket through vended logs", () => {
            for (const [suffix, physical] of [["edge-origin-verify", "origin-verify"], ["edge-signing-key", "url-signing-key"]]) {
                expect(s.one(T.secret, suffix).inputs).to.deep.include({
                    name: `${prefix}/edge/${physical}`, kmsKeyId: up.dataKeyArn, recoveryWindowInDays: expected.recoveryDays,
                });
            }
            const source = s.one(T.logSource);
            expect(source.inputs).to.deep.equal({ name: `${prefix}-cloudfront`, logType: "ACCESS_LOGS", resourceArn: distribution.state.arn });
            expect(s.one(T.logDestination).inputs.deliveryDestinationConfiguration).to.deep.equal({ destinationResourceArn: up.bucket("logs").arn });
            expect(s.one(T.logDelivery).inputs).to.deep.include({ deliverySourceName: source.state.name, deliveryDestinationArn: s.one(T.logDestination).state.arn });
            expect(distribution.inputs.loggingConfig).to.equal(undefined);
        });

        it(caseName === "full" ? "protects the distribution with Shield Advanced" : "does not buy Shield Advanced", () => {
            const protections = s.ofType(T.shield);
            expect(protections.map((p) => p.inputs.resourceArn)).to.deep.equal(expected.shield ? [distribution.state.arn] : []);
        });

        it("resolves refs to the public URL, the key pair id and the signing secret (tests/stack.test.ts follows them into the receipt function)", () => {
            expect(stack.outputs.refs).to.deep.equal({
                baseUrl: `https://${expected.domain.name}`,
                keyPairId: s.one(T.publicKey).id,
                signingSecretArn: s.one(T.secret, "edge-signing-key").state.arn,
            });
        });
    });
}

describe("docs CloudFront Function, run in Node against sample viewer-request events", () => {
    const handler = new Function(`${DOCS_FUNCTION_CODE}\nreturn handler;`)() as (event: unknown) => any;
    const event = (uri: string) => ({ version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "192.0.2.1" }, request: { method: "GET", uri, querystring: {}, headers: {}, cookies: {} } });

    it("appends index.html to /docs/ and to every directory path below it", () => {
        expect(handler(event("/docs/")).uri).to.equal("/docs/index.html");
        expect(handler(event("/docs/sdks/")).uri).to.equal("/docs/sdks/index.html");
        expect(handler(event("/docs/sdks/javascript/")).uri).to.equal("/docs/sdks/javascript/index.html");
    });

    it("redirects /docs to /docs/, so the portal's relative links resolve under /docs/", () => {
        expect(handler(event("/docs"))).to.deep.equal({ statusCode: 301, statusDescription: "Moved Permanently", headers: { location: { value: "/docs/" } } });
    });

    it("leaves files and paths outside /docs/ unchanged", () => {
        for (const uri of ["/docs/index.html", "/docs/assets/portal.css", "/docs/openapi.json", "/docsx/", "/assets/a/", "/v1/products/"]) {
            const out = handler(event(uri));
            expect(out.uri, uri).to.equal(uri);
            expect(out.method).to.equal("GET");
        }
    });
});

describe("internalRoutePaths", () => {
    it("lists exactly the contract's IAM routes with the stage before them", () => {
        expect(internalRoutePaths("live")).to.deep.equal(ROUTES.filter((r) => r.security.kind === "iam").map((r) => ({ exact: `/live${r.path}` })));
        expect(internalRoutePaths("beta")).to.deep.equal([{ exact: "/beta/v1/internal/stock" }]);
    });

    it("combines several internal routes in an OR, each path with parameters as a one-segment regex", () => {
        const iam = ROUTES.find((r) => r.security.kind === "iam")!;
        const extra = { ...iam, operationId: "getStock", method: "GET" as const, path: "/v1/internal/stock/{productId}" };
        (ROUTES as any[]).push(extra);
        try {
            expect(internalRoutePaths("live")).to.deep.equal([{ exact: "/live/v1/internal/stock" }, { regex: "^/live/v1/internal/stock/[^/]+$" }]);
            const rules = regionalAclRules({ stageName: "live", originVerify: "secret", metricPrefix: "p-regional" }) as any[];
            expect(rules[0].statement.andStatement.statements[1].orStatement.statements).to.have.length(2);
            const signed = { authorization: "AWS4-HMAC-SHA256 Credential=x" };
            expect(evaluateAcl(rules, { uriPath: "/live/v1/internal/stock/p1", headers: signed }).action).to.equal("allow");
            expect(evaluateAcl(rules, { uriPath: "/live/v1/internal/stock/p1/x", headers: signed }).action).to.equal("block");
        } finally {
            (ROUTES as any[]).pop();
        }
    });
});

describe("EdgeSecurity with a Route 53 hosted zone", () => {
    it("creates A and AAAA alias records to the distribution, and nothing to create by hand", async () => {
        const raw = CASES.minimal.raw;
        const stack = await evaluateEdge({ ...raw, edge: { ...(raw.edge as object), domain: { ...DOMAIN_MINIMAL, hostedZoneId: "Z0123456789ABCDEFGHIJ" } } }, "generated");
        const distribution = answered(stack.one(T.distribution));
        const records = stack.ofType(T.record);
        expect(records.map((r) => [r.parent, r.inputs.type])).to.deep.equal([[COMPONENT, "A"], [COMPONENT, "AAAA"]]);
        for (const r of records) {
            expect(r.inputs).to.deep.include({ zoneId: "Z0123456789ABCDEFGHIJ", name: DOMAIN_MINIMAL.name });
            expect(r.inputs.aliases).to.deep.equal([{ name: distribution.state.domainName, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }]);
        }
        expect(stack.outputs.dnsRecordToCreate).to.equal(undefined);
    });
});

describe("EdgeSecurity without a custom domain", () => {
    it("falls back to CloudFront's default certificate and serves receipts from the distribution's own domain", async () => {
        const raw = CASES.minimal.raw;
        const stack = await evaluateEdge({ ...raw, edge: { ...(raw.edge as object), domain: undefined } }, "generated");
        const distribution = answered(stack.one(T.distribution));
        expect(distribution.inputs.viewerCertificate).to.deep.equal({ cloudfrontDefaultCertificate: true });
        expect(distribution.inputs.aliases).to.equal(undefined);
        expect((stack.outputs.refs as { baseUrl: string }).baseUrl).to.equal(`https://${distribution.state.domainName}`);
        expect(stack.outputs.dnsRecordToCreate).to.equal(undefined);
        expect(stack.ofType(T.record)).to.deep.equal([]);
    });
});
