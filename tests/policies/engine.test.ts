import { expect } from "chai";
import * as path from "path";
import { EvaluateOptions, countRules, evaluatePolicies as evaluateOffline, formatCoverage, formatViolations, OfflineResource, Violation } from "../../policies/offline";
import { ALL_RULES } from "../../policies/rules";
import { cloudwatchLogGroupConfigureRetention } from "../../policies/rules/cloudwatch";
import { FIXTURE_CONFIG, change, protect, secureStack, without } from "./fixtures";
import { policyCli } from "./harness";

/**
 * The sentinel the Pulumi engine sends for a string not known during preview, as @pulumi/policy's proxy
 * (`unknownStringValue`) and @pulumi/pulumi's runtime (`unknownValue`) both define it.
 */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Every reference between resources of the fixture: the referring resource, its field, and the target. */
const LINKS: readonly [from: string, field: string, to: string][] = [
    ["regional-acl-stage", "resourceArn", "api-stage"], ["regional-acl-stage", "webAclArn", "regional-acl"],
    ["regional-acl-logs", "resourceArn", "regional-acl"], ["edge-acl-logs", "resourceArn", "edge-acl"],
    ["cdn-shield", "resourceArn", "cdn"], ["cdn-logs-source", "resourceArn", "cdn"],
    ["plan-basic", "apiStages", "api"], ["plan-premium", "apiStages", "api"], ["plan-enterprise", "apiStages", "api"],
    ...["pab", "policy", "sse", "versioning", "ownership", "logging"].map((s): [string, string, string] => [`assets-${s}`, "bucket", "assets"]),
    ...["pab", "policy", "sse", "versioning", "ownership"].map((s): [string, string, string] => [`logs-${s}`, "bucket", "logs"]),
    ["assets-logging", "targetBucket", "logs"],
];

/**
 * The stack as the first `pulumi preview` of a new stack sends it: no target has an `arn` or `id` yet, every
 * reference is the unknown sentinel, and the engine records which resource each was computed from (unless
 * `withDependencies` is false).
 */
function firstPreview(resources: OfflineResource[], withDependencies: boolean): OfflineResource[] {
    const urn = (name: string) => resources.find((r) => r.name === name)?.urn ?? "";
    const targets = new Set(LINKS.map(([, , to]) => to));
    return resources.map((r) => {
        const props = { ...r.props };
        const propertyDependencies: Record<string, string[]> = {};
        for (const [, field, to] of LINKS.filter(([from]) => from === r.name)) {
            props[field] = field === "apiStages" ? [{ apiId: UNKNOWN_STRING, stage: "v1" }] : UNKNOWN_STRING;
            propertyDependencies[field] = [...(propertyDependencies[field] ?? []), urn(to)];
        }
        if (targets.has(r.name)) {
            for (const key of ["arn", "id"].filter((k) => k in props)) {
                props[key] = UNKNOWN_STRING;
            }
        }
        return { ...r, props, ...(withDependencies ? { propertyDependencies } : {}) };
    });
}

/** The offline engine with the fixture's policy config under the test's own, as the fixture is a Portcullis stack. */
function evaluatePolicies(resources: OfflineResource[], options: EvaluateOptions = {}): Violation[] {
    return evaluateOffline(resources, { ...options, config: { ...FIXTURE_CONFIG, ...options.config } });
}

/** The only violation of the list, failing when there is not exactly one. */
function only(violations: Violation[]): Violation {
    expect(violations).to.have.length(1);
    return violations[0];
}

/** A stack whose only fault is a log group without retention (one mandatory medium violation). */
const noRetention = () => change(secureStack("dev"), "access-logs", { retentionInDays: undefined });

describe("offline policy engine", () => {
    it("reports a resource violation with the rule's metadata and the resource", () => {
        const v = only(evaluatePolicies(noRetention()));
        expect(v).to.deep.include({ policyName: "cloudwatch-log-group-configure-retention", severity: "medium", enforcementLevel: "mandatory",
            resourceName: "access-logs", resourceType: "aws:cloudwatch/logGroup:LogGroup", resourceUrn: "urn:pulumi:dev::portcullis::aws:cloudwatch/logGroup:LogGroup::access-logs" });
    });

    it("makes a rule advisory through its config entry, as --policy-config does", () => {
        const config = { "cloudwatch-log-group-configure-retention": "advisory" as const };
        expect(only(evaluatePolicies(noRetention(), { config })).enforcementLevel).to.equal("advisory");
    });

    it("applies `all` to rules without their own entry, and a rule's own entry over `all`", () => {
        expect(only(evaluatePolicies(noRetention(), { config: { all: "advisory" } })).enforcementLevel).to.equal("advisory");
        const config = { all: "advisory" as const, "cloudwatch-log-group-configure-retention": { enforcementLevel: "mandatory" as const } };
        expect(only(evaluatePolicies(noRetention(), { config })).enforcementLevel).to.equal("mandatory");
    });

    it("skips disabled rules", () => {
        expect(evaluatePolicies(noRetention(), { config: { "cloudwatch-log-group-configure-retention": "disabled" } })).to.deep.equal([]);
    });

    it("passes config properties over the schema defaults", () => {
        const config = { "cloudwatch-log-group-configure-retention": { minimumRetentionDays: 365 } };
        expect(only(evaluatePolicies(secureStack("dev"), { config })).message).to.equal(
            "CloudWatch log group 'access-logs' has `retentionInDays` 90. Set `retentionInDays` to at least 365.");
    });

    it("decides production from the URN's stack and the productionStacks config", () => {
        const staging = change(secureStack("dev"), "catalog", { deletionProtectionEnabled: false })
            .map((r) => ({ ...r, urn: r.urn?.replace("urn:pulumi:dev::", "urn:pulumi:staging::") }));
        expect(evaluatePolicies(staging)).to.deep.equal([]);
        const config = { "dynamodb-table-enable-deletion-protection": { productionStacks: ["staging"] } };
        expect(only(evaluatePolicies(staging, { config })).policyName).to.equal("dynamodb-table-enable-deletion-protection");
    });

    it("builds URNs from the stack option for resources without one", () => {
        const table = protect(secureStack("prod"), "catalog", false).filter((r) => r.name === "catalog")
            .map(({ urn: _urn, ...r }) => r as OfflineResource);
        expect(only(evaluatePolicies(table, { stack: "prod" })).policyName).to.equal("stack-stateful-resource-enforce-protect");
        expect(evaluatePolicies(table, { stack: "dev" })).to.deep.equal([]);
    });

    it("turns an unknown value read by a rule into the advisory the real engine reports during preview", () => {
        const v = only(evaluatePolicies(change(secureStack("dev"), "api-domain", { securityPolicy: UNKNOWN_STRING })));
        expect(v).to.deep.include({ policyName: "apigateway-domain-enforce-tls12", enforcementLevel: "advisory",
            message: "can't run policy 'apigateway-domain-enforce-tls12' during preview: string value at .securityPolicy can't be known during preview" });
    });

    it("counts an unknown reference as set for presence checks", () => {
        expect(evaluatePolicies(change(secureStack("dev"), "cdn", { webAclId: UNKNOWN_STRING }))).to.deep.equal([]);
    });

    it("unwraps serialized secrets before rules read them", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "TLS_1_0" };
        expect(only(evaluatePolicies(change(secureStack("dev"), "api-domain", { securityPolicy: secret }))).message).to.contain("TLS_1_0");
    });

    it("links stack resources through property dependencies while references are unknown, as in a first preview", () => {
        expect(evaluatePolicies(firstPreview(secureStack("prod"), true), { stack: "prod" })).to.deep.equal([]);
    });

    it("still finds a missing link while references are unknown", () => {
        // Without the engine's dependency record an unknown reference proves nothing: the settings are missing.
        const names = evaluatePolicies(firstPreview(secureStack("prod"), false), { stack: "prod" }).map((v) => `${v.policyName} ${v.resourceName}`);
        expect(names).to.include.members(["s3-bucket-missing-public-access-block assets", "apigateway-stage-missing-waf api-stage",
            "wafv2-webacl-missing-logging regional-acl", "shield-distribution-missing-protection cdn", "stack-restapi-missing-tier-usage-plans api"]);
        expect(names.filter((n) => n.includes("during preview"))).to.deep.equal([]);
    });

    it("gives resource rules the inputs and stack rules the outputs", () => {
        const stack = secureStack("prod").map((r) => (r.name === "cdn" ? { ...r, props: { ...r.props, arn: undefined }, outputs: r.props } : r))
            .map((r) => (r.name === "access-logs" ? { ...r, props: { ...r.props, retentionInDays: 7 }, outputs: r.props } : r));
        expect(evaluatePolicies(stack).map((v) => v.message)).to.deep.equal([
            "CloudWatch log group 'access-logs' has `retentionInDays` 7. Set `retentionInDays` to at least 30."]);
    });

    it("runs only the given policies", () => {
        expect(evaluatePolicies(without(secureStack("dev"), "plan-basic"), { policies: [cloudwatchLogGroupConfigureRetention] })).to.deep.equal([]);
    });

    it("fails loudly, naming the rule and resource, when a rule crashes", () => {
        const crashing = { ...cloudwatchLogGroupConfigureRetention, validateResource: () => { throw new Error("boom"); } };
        expect(() => evaluatePolicies(noRetention(), { policies: [crashing] }))
            .to.throw("Error validating resource 'api' with policy 'cloudwatch-log-group-configure-retention': boom");
    });
});

describe("violation report", () => {
    it("groups violations by severity, most urgent first, and sums them up", () => {
        const report = formatViolations(evaluatePolicies(change(noRetention(), "cdn", { webAclId: undefined }), {
            config: { "cloudwatch-log-group-configure-retention": "advisory" } }));
        expect(report.split("\n")).to.deep.equal([
            "HIGH (1)",
            "  [mandatory] cloudfront-distribution-missing-waf on aws:cloudfront/distribution:Distribution 'cdn'",
            "      CloudFront distribution 'cdn' has no `webAclId`. Set `webAclId` to the ARN of a CLOUDFRONT-scope WAFv2 web ACL.",
            "MEDIUM (1)",
            "  [advisory] cloudwatch-log-group-configure-retention on aws:cloudwatch/logGroup:LogGroup 'access-logs'",
            "      CloudWatch log group 'access-logs' has `retentionInDays` unset (never expire). Set `retentionInDays` to at least 30.",
            "",
            "2 violation(s): 1 mandatory, 1 advisory.",
        ]);
    });

    it("says so when there is nothing to report", () => {
        expect(formatViolations([])).to.equal("No policy violations.");
    });

    it("counts the rules that run, by kind, leaving out the ones the config disables", () => {
        const resourceRule = { ...cloudwatchLogGroupConfigureRetention, name: "r" };
        const stackRule = { name: "s", description: "d", enforcementLevel: "mandatory" as const, validateStack: () => undefined };
        const bothRule = { ...resourceRule, name: "b", validateStack: () => undefined };
        const policies = [resourceRule, stackRule, bothRule];
        expect(countRules({ policies })).to.deep.equal({ ran: 3, resource: 2, stack: 2, disabled: 0 });
        expect(countRules({ policies, config: { b: "disabled" } })).to.deep.equal({ ran: 2, resource: 1, stack: 1, disabled: 1 });
        expect(countRules({ policies, config: { all: "disabled", s: "advisory" } })).to.deep.equal({ ran: 1, resource: 0, stack: 1, disabled: 2 });
    });

    it("states the coverage in one sentence, naming disabled rules only when there are some", () => {
        expect(formatCoverage({ ran: 3, resource: 2, stack: 2, disabled: 0 }, 17)).to.equal("Ran 3 rules (2 on each resource, 2 on the stack) over 17 resources.");
        expect(formatCoverage({ ran: 2, resource: 1, stack: 1, disabled: 1 }, 0))
            .to.equal("Ran 2 rules (1 on each resource, 1 on the stack) over 0 resources; 1 disabled by the policy config.");
    });
});

describe("policy CLI", () => {
    const { dir, write, run } = policyCli();

    it("exits 0 on a secure stack, saying how many rules ran over how many resources", async () => {
        const resources = secureStack("prod");
        const { code, out } = await run(["--resources", write("ok.json", resources), "--config", write("fixture.json", FIXTURE_CONFIG)]);
        expect(code).to.equal(0);
        const [coverage, verdict] = out.split("\n");
        expect(coverage).to.match(new RegExp(`^Ran ${ALL_RULES.length} rules \\(\\d+ on each resource, \\d+ on the stack\\) over ${resources.length} resources\\.$`));
        expect(verdict).to.equal("No policy violations.");
    });

    it("counts the rules the policy config disables apart", async () => {
        const config = write("off.json", { ...FIXTURE_CONFIG, "cloudwatch-log-group-configure-retention": "disabled" });
        const { code, out } = await run(["--resources", write("bad-off.json", noRetention()), "--config", config]);
        expect(code).to.equal(0);
        expect(out.split("\n")[0]).to.match(new RegExp(`^Ran ${ALL_RULES.length - 1} rules .* resources; 1 disabled by the policy config\\.$`));
    });

    it("exits 1 on a mandatory violation and 0 once the config makes it advisory", async () => {
        const resources = write("bad.json", { resources: noRetention() });
        expect((await run(["--resources", resources, "--config", write("fixture.json", FIXTURE_CONFIG)])).code).to.equal(1);
        const config = write("config.json", { ...FIXTURE_CONFIG, "cloudwatch-log-group-configure-retention": "advisory" });
        expect((await run(["--resources", resources, "--config", config])).code).to.equal(0);
    });

    it("exits 2 with a message naming the bad option or file", async () => {
        expect(await run(["--stack"])).to.deep.equal({ code: 2, out: "policy: [--stack] needs a value" });
        expect(await run(["--resources", write("object.json", { items: [] })])).to.deep.equal({ code: 2,
            out: `policy: ${path.join(dir, "object.json")} holds neither an array of resources nor { "resources": [...] }` });
    });
});
