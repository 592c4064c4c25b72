/** WAFv2 web ACL rules (cdk-nag WAF, checkov CKV_AWS_192, CKV2_AWS_31, CKV_AWS_342). */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { refersTo } from "../lib/links";
import { asRecord } from "../lib/values";
import { admitsOnlyCloudFront, hasManagedGroup, rulesOf, statementTree } from "../lib/waf";

/**
 * Why the inspection rules skip an origin-verify ACL, appended to their descriptions: inspecting twice adds
 * cost and latency for nothing, and a per-IP rate rule behind CloudFront would count its edge IPs, not clients.
 */
const EDGE_INSPECTED = "A REGIONAL ACL that blocks every request lacking a secret origin header (such as X-Origin-Verify) is exempt: all it admits came "
    + "through CloudFront and was inspected by the CLOUDFRONT-scope ACL, which this rule checks, and behind CloudFront a per-IP "
    + "rate rule would count CloudFront's edge addresses instead of clients.";

/** Without logs nobody can tell a false positive from an attack, or see what was blocked. */
export const wafv2WebaclMissingLogging: StackValidationPolicy = {
    name: "wafv2-webacl-missing-logging",
    description: "Every WAFv2 web ACL must have a logging configuration.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add `aws.wafv2.WebAclLoggingConfiguration` to an `aws-waf-logs-` destination.",
    validateStack: (args, reportViolation) => {
        const configs = args.resources.filter((r) => r.isType(aws.wafv2.WebAclLoggingConfiguration));
        for (const acl of args.resources.filter((r) => r.isType(aws.wafv2.WebAcl))) {
            if (!configs.some((c) => refersTo(c, "resourceArn", acl, ["arn"]))) {
                reportViolation(`WAFv2 web ACL '${acl.name}' has no \`aws.wafv2.WebAclLoggingConfiguration\` whose \`resourceArn\` is the ACL ARN. `
                    + "Add a logging configuration sending to an `aws-waf-logs-` destination.", acl.urn);
            }
        }
    },
};

/** The common rule set covers the OWASP top ten classes (XSS, LFI, oversized bodies, bad bots). */
export const wafv2WebaclMissingCommonRules: ResourceValidationPolicy = {
    name: "wafv2-webacl-missing-common-rules",
    description: `WAFv2 web ACLs must use the AWS managed common rule set in block mode. ${EDGE_INSPECTED}`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add the AWSManagedRulesCommonRuleSet managed group without a count override.",
    validateResource: validateResourceOfType(aws.wafv2.WebAcl, (acl, args, reportViolation) => {
        if (!admitsOnlyCloudFront(acl) && !hasManagedGroup(acl, "AWSManagedRulesCommonRuleSet")) {
            reportViolation(`WAFv2 web ACL '${args.name}' has no \`rules\` entry using AWSManagedRulesCommonRuleSet without a count override. `
                + "Add a rule with `managedRuleGroupStatement: { vendorName: \"AWS\", name: \"AWSManagedRulesCommonRuleSet\" }` and `overrideAction: { none: {} }`.");
        }
    }),
};

/** The known-bad-inputs group is the one that blocks Log4Shell (CVE-2021-44228) payloads. */
export const wafv2WebaclMissingKnownBadInputs: ResourceValidationPolicy = {
    name: "wafv2-webacl-missing-known-bad-inputs",
    description: `WAFv2 web ACLs must use the AWS managed known-bad-inputs rule set (Log4j) in block mode. ${EDGE_INSPECTED}`,
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Add the AWSManagedRulesKnownBadInputsRuleSet managed group without a count override.",
    validateResource: validateResourceOfType(aws.wafv2.WebAcl, (acl, args, reportViolation) => {
        if (!admitsOnlyCloudFront(acl) && !hasManagedGroup(acl, "AWSManagedRulesKnownBadInputsRuleSet")) {
            reportViolation(`WAFv2 web ACL '${args.name}' has no \`rules\` entry using AWSManagedRulesKnownBadInputsRuleSet without a count override. `
                + "Add a rule with `managedRuleGroupStatement: { vendorName: \"AWS\", name: \"AWSManagedRulesKnownBadInputsRuleSet\" }`.");
        }
    }),
};

/** A per-IP rate limit stops floods and credential stuffing before they reach usage plans. */
export const wafv2WebaclMissingRateBasedRule: ResourceValidationPolicy = {
    name: "wafv2-webacl-missing-rate-based-rule",
    description: `WAFv2 web ACLs must contain a blocking rate-based rule. ${EDGE_INSPECTED}`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add a rule with a `rateBasedStatement` and a block action.",
    validateResource: validateResourceOfType(aws.wafv2.WebAcl, (acl, args, reportViolation) => {
        const found = rulesOf(acl).some((rule) => asRecord(rule["action"])["block"] !== undefined
            && statementTree(rule["statement"]).some((st) => st["rateBasedStatement"] !== undefined));
        if (!found && !admitsOnlyCloudFront(acl)) {
            reportViolation(`WAFv2 web ACL '${args.name}' has no blocking rule with a \`rateBasedStatement\`. `
                + "Add a rule with `rateBasedStatement: { limit, aggregateKeyType: \"IP\" }` and `action: { block: {} }`.");
        }
    }),
};

/** Metrics and sampled requests are how an operator sees a rule firing, before the logs are searched. */
export const wafv2WebaclEnableMetrics: ResourceValidationPolicy = {
    name: "wafv2-webacl-enable-metrics",
    description: "WAFv2 web ACLs and each of their rules must enable CloudWatch metrics and sampled requests.",
    enforcementLevel: "mandatory",
    severity: "low",
    remediationSteps: "Set `cloudwatchMetricsEnabled` and `sampledRequestsEnabled` in the ACL's and every rule's `visibilityConfig`.",
    validateResource: validateResourceOfType(aws.wafv2.WebAcl, (acl, args, reportViolation) => {
        const enabled = (v: unknown) => asRecord(v)["cloudwatchMetricsEnabled"] === true && asRecord(v)["sampledRequestsEnabled"] === true;
        const off = [
            ...(enabled(acl.visibilityConfig) ? [] : ["the ACL"]),
            ...rulesOf(acl).filter((r) => !enabled(r["visibilityConfig"])).map((r) => `rule '${String(r["name"])}'`),
        ];
        if (off.length > 0) {
            reportViolation(`WAFv2 web ACL '${args.name}' has \`visibilityConfig\` without metrics or sampled requests on ${off.join(", ")}. `
                + "Set `cloudwatchMetricsEnabled: true` and `sampledRequestsEnabled: true` in each `visibilityConfig`.");
        }
    }),
};
