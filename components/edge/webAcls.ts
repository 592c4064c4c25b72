import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../config";
import { names } from "../naming";
import type { LogGroups } from "../types";
import { block, customResponseBodies, regionalAclRules, visibility } from "../wafRules";
import { EDGE_SECURITY_DEFAULTS, type EdgeScope } from "./settings";

type WebAclRule = aws.types.input.wafv2.WebAclRule;

/** Body sizes CloudFront can forward to WAF for inspection; 16 KB is included, each further 16 KB is billed. */
const BODY_INSPECTION_LIMITS = [["KB_16", 16384], ["KB_32", 32768], ["KB_48", 49152], ["KB_64", 65536]] as const;

/**
 * How much body WAF sees and the limit the size rule can truly enforce. CloudFront forwards at most 64 KB of a
 * body to WAF; with `oversizeHandling: MATCH` a larger body matches the rule whatever its `size`, so a
 * configured limit above 64 KB cannot be enforced and the rule enforces 64 KB instead.
 */
export function bodyInspection(maxBodyBytes: number): { limit: string; enforcedBytes: number } {
    const [limit, bytes] = BODY_INSPECTION_LIMITS.find(([, b]) => b >= maxBodyBytes) ?? BODY_INSPECTION_LIMITS[BODY_INSPECTION_LIMITS.length - 1];
    return { limit, enforcedBytes: Math.min(maxBodyBytes, bytes) };
}

/** Inputs of {@link createWebAcls} that come from other components. */
export interface WebAclInputs {
    /** The origin-verify value the regional ACL demands (a secret). */
    originVerify: pulumi.Input<string>;
    /** The stage the regional ACL guards. */
    stageArn: pulumi.Input<string>;
    /** `wafEdge` (in us-east-1) and `wafRegional` receive the ACLs' logs. */
    logGroups: LogGroups;
}

export interface WebAcls {
    /** CLOUDFRONT scope (us-east-1), on the distribution. */
    edge: aws.wafv2.WebAcl;
    /** REGIONAL, on the stage: blocks requests without the origin-verify header. */
    regional: aws.wafv2.WebAcl;
}

/** Both web ACLs, each with its logging, and the regional one associated with the stage. */
export function createWebAcls(scope: EdgeScope, inputs: WebAclInputs): WebAcls {
    const { name, config, child, global } = scope;
    const { prefix } = config;
    const body = bodyInspection(config.edge.maxBodyBytes);
    // Both ACLs allow by default, answer blocks in JSON, publish metrics and log with redactions.
    const webAcl = (aclScope: "edge" | "regional", logGroupArn: pulumi.Input<string>, aclOpts: pulumi.CustomResourceOptions,
        acl: Pick<aws.wafv2.WebAclArgs, "description" | "rules" | "associationConfig">) => {
        const created = new aws.wafv2.WebAcl(`${name}-${aclScope}-acl`, {
            ...acl,
            name: names.webAcl(prefix, aclScope),
            scope: aclScope === "edge" ? "CLOUDFRONT" : "REGIONAL",
            defaultAction: { allow: {} },
            customResponseBodies: customResponseBodies(),
            visibilityConfig: visibility(names.webAcl(prefix, aclScope)),
        }, aclOpts);
        new aws.wafv2.WebAclLoggingConfiguration(`${name}-${aclScope}-acl`, wafLogging(created, logGroupArn), aclOpts);
        return created;
    };
    const regional = webAcl("regional", inputs.logGroups.wafRegional.arn, child, {
        description: "Admits requests from CloudFront with the origin-verify header, and SigV4-signed calls to the internal routes.",
        rules: regionalAclRules({ stageName: config.gateway.stageName, originVerify: inputs.originVerify, metricPrefix: `${prefix}-regional` }),
    });
    new aws.wafv2.WebAclAssociation(`${name}-regional-acl`, { resourceArn: inputs.stageArn, webAclArn: regional.arn }, child);
    // CLOUDFRONT scope exists only in us-east-1, whatever the stack's region.
    const edge = webAcl("edge", inputs.logGroups.wafEdge.arn, global, {
        description: "Managed rule groups, per-IP rate limit and body size limit in front of the API.",
        // The size rule below reads this much of the body; the default (16 KB) is the only free size.
        associationConfig: { requestBodies: [{ cloudfront: { defaultSizeInspectionLimit: body.limit } }] },
        rules: edgeRules(config, body.enforcedBytes),
    });
    return { edge, regional };
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
