/**
 * The pack on the real stacks: dev and prod, evaluated under mocks with their own config, pass every rule; the
 * cross-resource rules catch one change to the real resources; the CLI gates on them as CI would.
 */
import { expect } from "chai";
import { OfflineResource, Violation, countRules, evaluatePolicies, formatCoverage } from "../../policies/offline";
import { ALL_RULES } from "../../policies/rules";
import { unwrapSecrets } from "../../policies/offline/args";
import { stackPolicyConfig, stackResources } from "../../policies/offline/stack";
import { policyCli, realStacks } from "./harness";

/** The violations as `policy on resource: message`, for exact comparison. */
const lines = (violations: Violation[]) => violations.map((v) => `${v.policyName} on ${v.resourceName ?? "stack"}: ${v.message}`);

/** The resource of the given type and name, failing when the stack has none. */
function find(resources: OfflineResource[], type: string, name: string): OfflineResource {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found) {
        throw new Error(`no ${type} named ${name} in the stack`);
    }
    return found;
}

/** A copy of the stack without the resource of that type and name. */
function without(resources: OfflineResource[], type: string, name: string): OfflineResource[] {
    const gone = find(resources, type, name);
    return resources.filter((r) => r !== gone);
}

/**
 * A copy of the stack with the inputs and outputs of one resource changed by `update` (applied to an unwrapped
 * copy of each, so secret values such as origins and ACL rules can be edited).
 */
function change(resources: OfflineResource[], type: string, name: string, update: (props: Record<string, any>) => void): OfflineResource[] {
    const target = find(resources, type, name);
    const edit = (props: Record<string, unknown> | undefined) => {
        const copy = unwrapSecrets(structuredClone(props ?? {})) as Record<string, any>;
        update(copy);
        return copy;
    };
    return resources.map((r) => (r === target ? { ...r, props: edit(r.props), outputs: edit(r.outputs) } : r));
}

/** A copy of the stack with the prod table's `protect` option off. */
function unprotectTable(resources: OfflineResource[]): OfflineResource[] {
    const table = find(resources, "aws:dynamodb/table:Table", "data-table");
    return resources.map((r) => (r === table ? { ...r, opts: { ...r.opts, protect: false } } : r));
}

/** A copy of the stack without the distribution's Shield protection. */
const withoutShield = (resources: OfflineResource[]) => without(resources, "aws:shield/protection:Protection", "edge-shield");

const NO_SHIELD = "CloudFront distribution 'edge-distribution' has no `aws.shield.Protection` whose `resourceArn` is the distribution ARN in a production stack. Add a Shield protection for the distribution.";
const UNPROTECTED_TABLE = "Stateful resource 'data-table' (aws:dynamodb/table:Table) has no `protect` resource option in a production stack. Pass `{ protect: true }` in the resource options.";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
/**
 * Each stack as CI checks it: with its policy config stating what the account holds (a Shield subscription),
 * opting in to the Portcullis conventions and naming its public health route.
 */
const PROD_CONFIG = { config: stackPolicyConfig("prod") };
const DEV_CONFIG = { config: stackPolicyConfig("dev") };
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";

describe("policy pack on the real stacks", function () {
    const stacks = realStacks(this);

    for (const stack of ["dev", "prod"] as const) {
        it(`finds no violation, mandatory or advisory, in ${stack} with its committed policy config`, () => {
            expect(lines(evaluatePolicies(stacks[stack], { config: stackPolicyConfig(stack) }))).to.deep.equal([]);
        });
    }

    it("hands the rules each resource's URN, parent, provider and protection as the engine would", () => {
        const source = find(stacks.prod, "aws:cloudwatch/logDeliverySource:LogDeliverySource", "edge-access-logs");
        expect(source.urn).to.equal("urn:pulumi:prod::portcullis::aws:cloudwatch/logDeliverySource:LogDeliverySource::edge-access-logs");
        expect(source.opts?.parent).to.equal("urn:pulumi:prod::portcullis::portcullis:edge:EdgeSecurity::edge");
        expect(source.provider).to.deep.include({ type: "pulumi:providers:aws", name: "us-east-1" });
        expect((source.provider as { props: Record<string, unknown> }).props["region"]).to.equal("us-east-1");
        expect(find(stacks.prod, "aws:dynamodb/table:Table", "data-table").opts?.protect).to.equal(true);
        expect(source.outputs?.["name"]).to.equal("portcullis-prod-cloudfront");
    });

    it("catches a distribution that no longer sends the origin-verify header", () => {
        const resources = change(stacks.prod, DISTRIBUTION, "edge-distribution", (p) => {
            for (const origin of p.origins) {
                origin.customHeaders = [];
            }
        });
        expect(lines(evaluatePolicies(resources, PROD_CONFIG))).to.deep.equal([
            "cloudfront-distribution-missing-origin-verify-header on edge-distribution: CloudFront distribution 'edge-distribution' API origin 'api' sends no `X-Origin-Verify` in `customHeaders`. Add `customHeaders: [{ name: \"X-Origin-Verify\", value: <secret> }]` to the origin.",
        ]);
    });

    it("catches a regional ACL that no longer enforces origin verification, which also loses its exemption from edge inspection", () => {
        const resources = change(stacks.prod, WEB_ACL, "edge-regional-acl", (p) => {
            p.rules = p.rules.filter((r: { name: string }) => r.name !== "require-origin-verify");
        });
        expect(lines(evaluatePolicies(resources, PROD_CONFIG))).to.deep.equal([
            "wafv2-webacl-missing-common-rules on edge-regional-acl: WAFv2 web ACL 'edge-regional-acl' has no `rules` entry using AWSManagedRulesCommonRuleSet without a count override. Add a rule with `managedRuleGroupStatement: { vendorName: \"AWS\", name: \"AWSManagedRulesCommonRuleSet\" }` and `overrideAction: { none: {} }`.",
            "wafv2-webacl-missing-known-bad-inputs on edge-regional-acl: WAFv2 web ACL 'edge-regional-acl' has no `rules` entry using AWSManagedRulesKnownBadInputsRuleSet without a count override. Add a rule with `managedRuleGroupStatement: { vendorName: \"AWS\", name: \"AWSManagedRulesKnownBadInputsRuleSet\" }`.",
            "wafv2-webacl-missing-rate-based-rule on edge-regional-acl: WAFv2 web ACL 'edge-regional-acl' has no blocking rule with a `rateBasedStatement`. Add a rule with `rateBasedStatement: { limit, aggregateKeyType: \"IP\" }` and `action: { block: {} }`.",
            "stack-stage-acl-enforce-origin-verify on gateway-stage: API Gateway stage 'gateway-stage' has no associated web ACL with a blocking rule on a missing `X-Origin-Verify` header (`notStatement` of a `byteMatchStatement` on `singleHeader`). Add that rule to the stage's REGIONAL web ACL so direct calls to execute-api are blocked.",
        ]);
    });

    it("catches a prod distribution without its Shield protection", () => {
        expect(lines(evaluatePolicies(withoutShield(stacks.prod), PROD_CONFIG))).to.deep.equal([
            `shield-distribution-missing-protection on edge-distribution: ${NO_SHIELD}`,
        ]);
    });

    it("runs none of the Portcullis conventions on prod without the opt-in, only the baseline", () => {
        // No config at all: no public route either, so the health probe is the one baseline finding.
        expect(lines(evaluatePolicies(without(withoutShield(stacks.prod), "aws:apigateway/usagePlan:UsagePlan", "gateway-plan-enterprise")))).to.deep.equal([
            "apigateway-restapi-missing-authorization on gateway-api: REST API 'gateway-api' operation `GET /health` has no `security` requirement on a scheme with `x-amazon-apigateway-authtype`. Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation.",
        ]);
    });

    it("catches the prod table without the protect option", () => {
        expect(lines(evaluatePolicies(unprotectTable(stacks.prod), PROD_CONFIG))).to.deep.equal([
            `stack-stateful-resource-enforce-protect on data-table: ${UNPROTECTED_TABLE}`,
        ]);
    });

    it("catches a distribution whose access logs are no longer delivered", () => {
        expect(lines(evaluatePolicies(without(stacks.dev, "aws:cloudwatch/logDelivery:LogDelivery", "edge-access-logs"), DEV_CONFIG))).to.deep.equal([
            "cloudfront-distribution-missing-access-logs on edge-distribution: CloudFront distribution 'edge-distribution' has neither an `aws.cloudwatch.LogDeliverySource` with `logType` ACCESS_LOGS and the distribution ARN as `resourceArn`, used by an `aws.cloudwatch.LogDelivery` (`deliverySourceName`, `deliveryDestinationArn`), nor `loggingConfig.bucket`. Add standard logging v2: a delivery source for the distribution (us-east-1), a `LogDeliveryDestination` on the logs bucket and a `LogDelivery` between them.",
        ]);
    });

    it("catches a bucket that stops logging, while the logs bucket stays exempt as a target", () => {
        expect(lines(evaluatePolicies(without(stacks.dev, "aws:s3/bucketLogging:BucketLogging", "data-private-access-logs"), DEV_CONFIG))).to.deep.equal([
            "s3-bucket-missing-access-logs on data-private: S3 bucket 'data-private' has no `aws.s3.BucketLogging`. Add `aws.s3.BucketLogging` with `targetBucket` set to the logs bucket.",
        ]);
    });

    it("catches a REST API without the enterprise usage plan", () => {
        expect(lines(evaluatePolicies(without(stacks.dev, "aws:apigateway/usagePlan:UsagePlan", "gateway-plan-enterprise"), DEV_CONFIG))).to.deep.equal([
            "stack-restapi-missing-tier-usage-plans on gateway-api: REST API 'gateway-api' has no usage plan for tier enterprise (a plan tagged `portcullis:tier` listing the API in `apiStages`). Add an `aws.apigateway.UsagePlan` per missing tier with the API's stage in `apiStages`.",
        ]);
    });

    describe("npm run policy", () => {
        const { write, run } = policyCli();

        it("exits 0 on each real stack, having run every rule over every resource", async () => {
            for (const stack of ["dev", "prod"] as const) {
                const counts = countRules();
                expect(counts.ran).to.equal(ALL_RULES.length);
                expect(await run([stack])).to.deep.equal({ code: 0, out: `${formatCoverage(counts, stacks[stack].length)}\nNo policy violations.` });
            }
        });

        it("exits 1 with the violations grouped by severity for a stack with a crafted violation", async () => {
            const result = await run(["--resources", write("prod.json", { resources: withoutShield(unprotectTable(stacks.prod)) }),
                "--config", write("prod-config.json", PROD_CONFIG.config)]);
            expect(result.code).to.equal(1);
            expect(result.out.split("\n")).to.deep.equal([
                // withoutShield drops the Shield protection: one resource fewer.
                formatCoverage(countRules(), stacks.prod.length - 1),
                "HIGH (2)",
                "  [mandatory] shield-distribution-missing-protection on aws:cloudfront/distribution:Distribution 'edge-distribution'",
                `      ${NO_SHIELD}`,
                "  [mandatory] stack-stateful-resource-enforce-protect on aws:dynamodb/table:Table 'data-table'",
                `      ${UNPROTECTED_TABLE}`,
                "",
                "2 violation(s): 2 mandatory, 0 advisory.",
            ]);
        });

        it("exits 0 when the stack's policy config makes the violation advisory", async () => {
            const config = write("config.json", { ...PROD_CONFIG.config, "shield-distribution-missing-protection": { optIn: true, enforcementLevel: "advisory" } });
            const result = await run(["--resources", write("shieldless.json", withoutShield(stacks.prod)), "--config", config]);
            expect(result.code).to.equal(0);
            expect(result.out.split("\n")).to.deep.equal([
                // withoutShield drops the Shield protection: one resource fewer.
                formatCoverage(countRules(), stacks.prod.length - 1),
                "HIGH (1)",
                "  [advisory] shield-distribution-missing-protection on aws:cloudfront/distribution:Distribution 'edge-distribution'",
                `      ${NO_SHIELD}`,
                "",
                "1 violation(s): 0 mandatory, 1 advisory.",
            ]);
        });

        it("exits 2 on a stack without a config file", async () => {
            expect(await run(["staging"])).to.deep.equal({ code: 2, out: "policy: name a stack (dev | prod | bootstrap), or pass [--program] dir or [--resources] file.json" });
        });
    });
});

describe("policy pack on the bootstrap program", function () {
    this.timeout(60_000);
    const { run } = policyCli();
    const CONFIG = "bootstrap/policy-config.json";

    it("exits 0 with the bootstrap's policy config, which only lists the create calls IAM authorizes on '*' alone", async () => {
        const resources = await stackResources("bootstrap");
        expect(await run(["bootstrap", "--config", CONFIG])).to.deep.equal({ code: 0, out: `${formatCoverage(countRules(), resources.length)}\nNo policy violations.` });
    });

    it("without that config, flags exactly those creates on '*', once per stage", async () => {
        const resources = await stackResources("bootstrap");
        const creates = "cognito-idp:CreateUserPool, cognito-identity:CreateIdentityPool, kms:CreateKey, logs:CreateLogDelivery, logs:DeleteLogDelivery, logs:PutResourcePolicy, logs:DeleteResourcePolicy";
        expect(lines(evaluatePolicies(resources, { stack: "account", project: "portcullis-bootstrap" }))).to.deep.equal(["dev", "prod"].map((stage) =>
            `iam-policy-disallow-wildcard-resource-for-writes on ci-deploy-${stage}-api: IAM policy 'ci-deploy-${stage}-api' allows ${creates} on \`Resource\` "*". Scope \`Resource\` to the ARNs the principal writes to.`));
    });
});
