import * as rules from "../../../policies/rules/wafv2";
import { change, without } from "../fixtures";
import { RuleCase } from "../harness";

/** Removes the ACL rule named `rule` from the web ACL `acl`. */
const dropRule = (acl: string, rule: string) => (s: Parameters<typeof without>[0]) => change(s, acl, (p) =>
    ({ ...p, rules: (p["rules"] as { name: string }[]).filter((r) => r.name !== rule) }));

/** The messages of the inspection rules for the ACL `acl`. */
const COMMON = (acl: string) => `WAFv2 web ACL '${acl}' has no \`rules\` entry using AWSManagedRulesCommonRuleSet without a count override. `
    + "Add a rule with `managedRuleGroupStatement: { vendorName: \"AWS\", name: \"AWSManagedRulesCommonRuleSet\" }` and `overrideAction: { none: {} }`.";
const KNOWN_BAD = (acl: string) => `WAFv2 web ACL '${acl}' has no \`rules\` entry using AWSManagedRulesKnownBadInputsRuleSet without a count override. `
    + "Add a rule with `managedRuleGroupStatement: { vendorName: \"AWS\", name: \"AWSManagedRulesKnownBadInputsRuleSet\" }`.";
const RATE = (acl: string) => `WAFv2 web ACL '${acl}' has no blocking rule with a \`rateBasedStatement\`. `
    + "Add a rule with `rateBasedStatement: { limit, aggregateKeyType: \"IP\" }` and `action: { block: {} }`.";

/**
 * Cases of the WAFv2 rules. The fixture's regional ACL only enforces origin verification (the accepted shape
 * for the inspection rules); losing that enforcement makes it subject to them again.
 */
export const WAFV2_CASES: RuleCase[] = [
    { rule: rules.wafv2WebaclMissingLogging, variants: [{
        change: "the edge ACL has no logging configuration",
        resources: (s) => without(s, "edge-acl-logs"),
        messages: ["WAFv2 web ACL 'edge-acl' has no `aws.wafv2.WebAclLoggingConfiguration` whose `resourceArn` is the ACL ARN. Add a logging configuration sending to an `aws-waf-logs-` destination."],
    }] },
    { rule: rules.wafv2WebaclMissingCommonRules, variants: [{
        change: "the common rule set is missing",
        resources: dropRule("edge-acl", "AWSManagedRulesCommonRuleSet"),
        messages: [COMMON("edge-acl")],
    }, {
        change: "the common rule set only counts",
        resources: (s) => change(s, "edge-acl", (p) => {
            (p["rules"] as Record<string, unknown>[]).filter((r) => r["name"] === "AWSManagedRulesCommonRuleSet")[0]["overrideAction"] = { count: {} };
            return p;
        }),
        messages: [COMMON("edge-acl")],
    }, {
        change: "the regional ACL stops enforcing origin verification",
        resources: dropRule("regional-acl", "require-origin-verify"),
        messages: [COMMON("regional-acl")],
    }, {
        change: "the regional ACL's origin-verify rule only counts",
        resources: (s) => change(s, "regional-acl", (p) => {
            (p["rules"] as Record<string, unknown>[])[0]["action"] = { count: {} };
            return p;
        }),
        messages: [COMMON("regional-acl")],
    }] },
    { rule: rules.wafv2WebaclMissingKnownBadInputs, variants: [{
        change: "the known-bad-inputs rule set is missing",
        resources: dropRule("edge-acl", "AWSManagedRulesKnownBadInputsRuleSet"),
        messages: [KNOWN_BAD("edge-acl")],
    }, {
        change: "the regional ACL stops enforcing origin verification",
        resources: dropRule("regional-acl", "require-origin-verify"),
        messages: [KNOWN_BAD("regional-acl")],
    }] },
    { rule: rules.wafv2WebaclMissingRateBasedRule, variants: [{
        change: "the rate-based rule is missing",
        resources: dropRule("edge-acl", "rate"),
        messages: [RATE("edge-acl")],
    }, {
        change: "the regional ACL stops enforcing origin verification",
        resources: dropRule("regional-acl", "require-origin-verify"),
        messages: [RATE("regional-acl")],
    }] },
    { rule: rules.wafv2WebaclEnableMetrics, variants: [{
        change: "the ACL's sampled requests are off",
        resources: (s) => change(s, "edge-acl", { visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: "edge" } }),
        messages: ["WAFv2 web ACL 'edge-acl' has `visibilityConfig` without metrics or sampled requests on the ACL. Set `cloudwatchMetricsEnabled: true` and `sampledRequestsEnabled: true` in each `visibilityConfig`."],
    }] },
];
