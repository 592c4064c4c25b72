/**
 * The cross-resource deploy rules on the real stacks: each blocker the rules exist for, put back into a real
 * stack by building or changing its own resources, is caught; the committed policy config files state what the
 * stack files state.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { OfflineResource, Violation, evaluatePolicies } from "../../policies/offline";
import { stackPolicyConfig } from "../../policies/offline/stack";
import { realStacks } from "./harness";

const RULES = {
    concurrency: "stack-lambda-configure-reserved-concurrency-headroom",
    timeout: "stack-lambda-enforce-timeout-below-integration",
    shield: "stack-shield-protection-missing-subscription",
    usEast1: "stack-cloudfront-resource-enforce-us-east-1",
    account: "stack-apigateway-account-enforce-single-owner",
};
const FUNCTION = "aws:lambda/function:Function";

/** The violations of one rule. */
const of = (rule: string, violations: Violation[]) => violations.filter((v) => v.policyName === rule);

/**
 * A copy of the stack with `update` applied to top-level inputs and outputs of every resource `pick` selects
 * (a shallow copy: function inputs hold the code archive, which cannot be cloned).
 */
function edit(resources: OfflineResource[], pick: (r: OfflineResource) => boolean, update: (props: Record<string, any>) => void): OfflineResource[] {
    const apply = (props: Record<string, unknown> | undefined) => {
        const copy: Record<string, any> = { ...props };
        update(copy);
        return copy;
    };
    return resources.map((r) => (pick(r) ? { ...r, props: apply(r.props), outputs: apply(r.outputs) } : r));
}

/** The stack's own config file, for the keys the policy config mirrors. */
function stackFile(stack: string): Record<string, Record<string, unknown>> {
    const doc = yaml.load(fs.readFileSync(path.join(__dirname, "..", "..", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, Record<string, unknown>> };
    return { lambda: doc.config["portcullis:lambda"] ?? {}, edge: doc.config["portcullis:edge"] ?? {} };
}

describe("deploy rules on the real stacks", function () {
    const stacks = realStacks(this);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: the policy config states the account quota and Shield subscription the stack file states`, () => {
            const config = stackPolicyConfig(stack) as Record<string, Record<string, unknown>>;
            const { lambda, edge } = stackFile(stack);
            expect(config[RULES.concurrency]?.["accountConcurrencyLimit"]).to.equal(lambda["accountConcurrencyLimit"] ?? 1000);
            // Config validation refuses shieldAdvanced without shieldSubscribed, so a stack file that asks for
            // protection and does not say otherwise holds a subscription.
            expect(config[RULES.shield]?.["shieldSubscribed"]).to.equal(edge["shieldSubscribed"] ?? edge["shieldAdvanced"] ?? false);
        });
    }

    it("catches prod's Shield protection when the account is not stated to be subscribed (blocker 6)", () => {
        const violations = of(RULES.shield, evaluatePolicies(stacks.prod));
        expect(violations.map((v) => v.resourceName)).to.deep.equal(["edge-shield"]);
    });

    it("catches reservations that leave under 100 of the account's concurrency (blocker 7)", () => {
        const functions = stacks.prod.filter((r) => r.type === FUNCTION).length;
        const reserved = edit(stacks.prod, (r) => r.type === FUNCTION, (p) => { p.reservedConcurrentExecutions = 90; });
        const [violation, ...rest] = of(RULES.concurrency, evaluatePolicies(reserved, { config: stackPolicyConfig("prod") }));
        expect(rest).to.deep.equal([]);
        expect(violation.message).to.match(new RegExp(`^The stack's Lambda functions reserve ${functions * 90} concurrent executions \\(`));
        expect(violation.message).to.contain(`leaving ${1000 - functions * 90} of the account's 1000`);
        // The same reservations fit an account whose quota was raised.
        const raised = { ...stackPolicyConfig("prod"), [RULES.concurrency]: { accountConcurrencyLimit: 3000 } };
        expect(of(RULES.concurrency, evaluatePolicies(reserved, { config: raised }))).to.deep.equal([]);
    });

    it("catches functions that may run as long as their integration (blocker 8)", () => {
        const nested = edit(stacks.dev, (r) => r.type === FUNCTION, (p) => { p.timeout = 12; });
        const violations = of(RULES.timeout, evaluatePolicies(nested));
        const routeFunctions = violations.map((v) => v.resourceName);
        expect(routeFunctions).to.include.members(["gateway-health-fn", "gateway-catalogRead-fn", "gateway-createOrder-fn"]);
        expect(violations.find((v) => v.resourceName === "gateway-health-fn")?.message).to.equal(
            "Lambda function 'gateway-health-fn' has `timeout` 12 s, not below the integration timeout of GET /health on 'gateway-api' (10000 ms). "
            + "Lower the function's `timeout` below the integration's `timeoutInMillis` (or raise that, up to 29000).");
        // Functions no route invokes (the authorizer, the migration) are not judged by this rule.
        expect(nested.filter((r) => r.type === FUNCTION).map((r) => r.name)).to.include.members(["auth-authorizer-fn", "data-migrate-fn"]);
        expect(routeFunctions).to.not.include.members(["auth-authorizer-fn"]);
        expect(routeFunctions).to.not.include.members(["data-migrate-fn"]);
    });

    it("catches the CLOUDFRONT-scope web ACL created through the stack's regional provider", () => {
        // The stack's default provider, as the REST API has it: its `region` is the stack's `aws:region`.
        const stackDefault = stacks.prod.find((r) => r.type === "aws:apigateway/restApi:RestApi")?.provider;
        expect(stackDefault).to.deep.include({ type: "pulumi:providers:aws", name: "default", props: { region: "eu-west-1" } });
        const regional = stacks.prod.map((r) => (r.type === "aws:wafv2/webAcl:WebAcl" && r.name === "edge-edge-acl" ? { ...r, provider: stackDefault } : r));
        expect(of(RULES.usEast1, evaluatePolicies(regional, { config: stackPolicyConfig("prod") })).map((v) => v.message)).to.deep.equal([
            "aws:wafv2/webAcl:WebAcl 'edge-edge-acl' is a CLOUDFRONT-scope web ACL but is created in the default provider (the stack's `aws:region` eu-west-1). Create it with a provider whose `region` is us-east-1 (or its own `region: \"us-east-1\"`).",
        ]);
    });

    it("finds no second owner of the API Gateway account setting in either stack (blocker 10)", () => {
        for (const stack of ["dev", "prod"] as const) {
            expect(stacks[stack].filter((r) => r.type === "aws:apigateway/account:Account").length, stack).to.be.at.most(1);
            expect(of(RULES.account, evaluatePolicies(stacks[stack], { config: stackPolicyConfig(stack) })), stack).to.deep.equal([]);
        }
    });
});
