/**
 * The pack's two groups: the baseline runs on every stack, the Portcullis conventions only on a stack that opts in
 * (a rule's `optIn` config, or the stack tag `portcullis:conventions`).
 */
import { expect } from "chai";
import { CONVENTIONS_STACK_TAG, groupOf } from "../../policies/lib/conventions";
import { OfflineResource, evaluatePolicies } from "../../policies/offline";
import { stackPolicyConfig } from "../../policies/offline/stack";
import { ALL_RULES } from "../../policies/rules";
import { FIXTURE_CONFIG, change, changeBody, secureStack, without } from "./fixtures";

/** The Portcullis conventions, by name. */
const CONVENTIONS = [
    "apigateway-restapi-enforce-api-key-on-tiered-routes", "apigateway-usage-plan-configure-tier-tag",
    "cloudfront-distribution-configure-geo-restriction", "cloudfront-distribution-missing-origin-verify-header",
    "shield-distribution-missing-protection", "stack-restapi-missing-tier-usage-plans", "stack-stage-acl-enforce-origin-verify",
];

/** The secure prod fixture breaking every convention once, and no baseline rule. */
function breakingEveryConvention(): OfflineResource[] {
    let s = secureStack("prod");
    s = changeBody(s, (doc) => { doc.paths["/v1/items"].get.security = [{ authorizer: [] }]; });
    s = change(s, "plan-basic", { tags: { team: "api" } });
    s = change(s, "cdn", (p) => ({ ...p, restrictions: { geoRestriction: { restrictionType: "none" } },
        origins: (p["origins"] as Record<string, unknown>[]).map((o) => ({ ...o, customHeaders: undefined })) }));
    s = change(s, "regional-acl", (p) => ({ ...p, rules: (p["rules"] as { name: string }[]).filter((r) => r.name !== "require-origin-verify") }));
    return without(s, "cdn-shield");
}

/** The rules with a violation, sorted. */
const failing = (resources: OfflineResource[], options: Parameters<typeof evaluatePolicies>[1]) =>
    [...new Set(evaluatePolicies(resources, { stack: "prod", ...options }).map((v) => v.policyName))].sort();

/** The baseline config every run below shares: the fixture's health probe is public. */
const BASELINE_CONFIG = { "apigateway-restapi-missing-authorization": FIXTURE_CONFIG["apigateway-restapi-missing-authorization"] };

describe("policy pack groups", () => {
    it("makes exactly the Portcullis-only rules conventions, each with its optIn config off by default", () => {
        const conventions = ALL_RULES.filter((r) => groupOf(r) === "convention");
        expect(conventions.map((r) => r.name).sort()).to.deep.equal(CONVENTIONS);
        expect(conventions.map((r) => r.configSchema?.properties?.["optIn"]?.default)).to.deep.equal(conventions.map(() => false));
    });

    it("runs none of the conventions on a stack without the opt-in", () => {
        // The loosened WAF exemption does not depend on the opt-in either: the regional ACL now inspects nothing.
        expect(failing(breakingEveryConvention(), { config: BASELINE_CONFIG })).to.deep.equal([
            "wafv2-webacl-missing-common-rules", "wafv2-webacl-missing-known-bad-inputs", "wafv2-webacl-missing-rate-based-rule"]);
    });

    it("runs every convention on a stack opting in through each rule's config", () => {
        expect(failing(breakingEveryConvention(), { config: FIXTURE_CONFIG })).to.include.members(CONVENTIONS);
    });

    it("runs every convention on a stack tagged portcullis:conventions=true", () => {
        const tagged = failing(breakingEveryConvention(), { config: BASELINE_CONFIG, stackTags: { [CONVENTIONS_STACK_TAG]: "true" } });
        expect(tagged).to.include.members(CONVENTIONS);
        expect(failing(breakingEveryConvention(), { config: BASELINE_CONFIG, stackTags: { [CONVENTIONS_STACK_TAG]: "false" } }))
            .to.not.include.members(["shield-distribution-missing-protection"]);
    });

    for (const stack of ["dev", "prod"]) {
        it(`opts the committed ${stack} policy config in to every convention`, () => {
            const config = stackPolicyConfig(stack);
            const missing = CONVENTIONS.filter((n) => (config[n] as { optIn?: unknown } | undefined)?.optIn !== true);
            expect(missing).to.deep.equal([]);
        });
    }
});
