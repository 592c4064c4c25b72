import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { CapturedResource, EvaluatedStack, evaluateStack, stackConfig } from "../harness/evaluate";
import { awsMocks } from "../harness/mocks";

/** Every inline or attached policy document in a stack, with where it came from. */
function policyDocuments(stack: EvaluatedStack): Array<{ where: string; doc: any }> {
    const docs: Array<{ where: string; doc: any }> = [];
    const parse = (where: string, value: unknown) => {
        if (typeof value === "string" && value.trim().startsWith("{")) docs.push({ where, doc: JSON.parse(value) });
        else if (value && typeof value === "object") docs.push({ where, doc: value });
    };
    for (const r of stack.resources) {
        if (["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:s3/bucketPolicy:BucketPolicy", "aws:kms/key:Key"].includes(r.type)) {
            parse(`${r.type}::${r.name}`, r.inputs.policy);
        }
        if (r.type === "aws:iam/role:Role") {
            for (const inline of r.inputs.inlinePolicies ?? []) parse(`${r.name} inline`, inline.policy);
        }
    }
    return docs;
}

/** The one provider index.ts makes, for CloudFront's region. */
const US_EAST_1 = "pulumi:providers:aws::us-east-1";
const mocks = awsMocks("eu-west-1");

const statementsOf = (doc: any): any[] => ([] as any[]).concat(doc.Statement ?? []);
const list = (v: unknown): string[] => ([] as string[]).concat((v as string[] | string | undefined) ?? []);

for (const stackName of ["dev", "prod"]) {
    describe(`the ${stackName} stack under mocks`, function () {
        let stack: EvaluatedStack;
        before(async function () {
            // The first evaluation in the process bundles every function; on two shared cores that can pass 60 s.
            this.timeout(300_000);
            stack = await evaluateStack(stackName);
        });

        it("composes exactly the five components and the one us-east-1 provider at the top, with nothing else created in index.ts", () => {
            const top = stack.resources.filter((r) => r.parent === "pulumi:pulumi:Stack::portcullis-" + stackName || r.parent === undefined);
            expect(top.map((r) => `${r.type}::${r.name}`).filter((t) => !t.startsWith("pulumi:pulumi:Stack")).sort()).to.deep.equal([
                "portcullis:auth:AuthLayer::auth",
                "portcullis:data:DataLayer::data",
                "portcullis:edge:EdgeSecurity::edge",
                "portcullis:gateway:GatewayWithTiers::gateway",
                "portcullis:observability:Observability::observability",
                `${US_EAST_1}`,
            ]);
            expect(stack.one("pulumi:providers:aws").inputs.region).to.equal("us-east-1");
        });

        it("hands the one us-east-1 provider to the edge and to observability, and nowhere else", () => {
            const users = stack.resources.filter((r) => r.provider === US_EAST_1);
            expect([...new Set(users.map((r) => r.parent))].sort()).to.deep.equal([
                "portcullis:edge:EdgeSecurity::edge",
                "portcullis:observability:Observability::observability",
            ]);
        });

        it("wires the edge's public URL, key pair id and signing secret into the receipt function and the stack outputs", () => {
            const answered = (r: CapturedResource) => mocks.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }) as pulumi.runtime.MockResourceResult;
            const domain = JSON.parse(stackConfig(stackName)["portcullis:edge"]).domain.name as string;
            const receipt = stack.ofType("aws:lambda/function:Function").find((f) => f.inputs.name === `portcullis-${stackName}-orderReceipt`);
            const signingSecret = stack.one("aws:secretsmanager/secret:Secret", "edge-signing-key");
            expect(stack.outputs.apiUrl).to.equal(`https://${domain}`);
            expect(receipt?.inputs.environment?.variables).to.deep.include({
                RECEIPTS_BASE_URL: `https://${domain}`,
                SIGNING_KEY_PAIR_ID: answered(stack.one("aws:cloudfront/publicKey:PublicKey", "edge-signing-key")).id,
                SIGNING_KEY_SECRET_ARN: answered(signingSecret).state.arn,
            });
            const restApiId = answered(stack.one("aws:apigateway/restApi:RestApi", "gateway-api")).id;
            expect(stack.outputs.internalApiUrl).to.equal(`https://${restApiId}.execute-api.eu-west-1.amazonaws.com/live`);
        });

        it("parents every other resource inside a component", () => {
            const components = new Set(stack.resources.filter((r) => r.type.startsWith("portcullis:")).map((r) => `${r.type}::${r.name}`));
            for (const r of stack.resources) {
                if (r.type.startsWith("portcullis:") || r.type === "pulumi:pulumi:Stack" || `${r.type}::${r.name}` === US_EAST_1) continue;
                expect(r.parent, `${r.type}::${r.name}`).to.be.a("string");
                const ancestor = r.parent!;
                expect(components.has(ancestor) || stack.resources.some((p) => `${p.type}::${p.name}` === ancestor), `${r.name} parent ${ancestor}`).to.equal(true);
            }
        });

        it("attaches no AWS managed FullAccess, PowerUser or Administrator policy anywhere", () => {
            const attached = [
                ...stack.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => String(r.inputs.policyArn)),
                ...stack.ofType("aws:iam/role:Role").flatMap((r) => list(r.inputs.managedPolicyArns)),
            ];
            const forbidden = attached.filter((arn) => /FullAccess|PowerUserAccess|AdministratorAccess/.test(arn));
            expect(forbidden).to.deep.equal([]);
        });

        it("grants no '*' action in any policy", () => {
            const wildcards = policyDocuments(stack).flatMap(({ where, doc }) =>
                statementsOf(doc)
                    .filter((s) => s.Effect !== "Deny")
                    .flatMap((s) => list(s.Action).filter((a) => a === "*" || a.endsWith(":*")).map((a) => `${where}: ${a}`)),
            );
            expect(wildcards).to.deep.equal([]);
        });

        it("gives every Lambda function its own role, nodejs22.x, arm64, active tracing and explicit memory and timeout", () => {
            const functions = stack.ofType("aws:lambda/function:Function");
            expect(functions.length).to.equal(12);
            const roles = new Set(functions.map((f) => f.inputs.role));
            expect(roles.size).to.equal(functions.length);
            for (const f of functions) {
                expect(f.inputs.runtime, f.name).to.equal("nodejs22.x");
                expect(f.inputs.architectures, f.name).to.deep.equal(["arm64"]);
                expect(f.inputs.tracingConfig, f.name).to.deep.equal({ mode: "Active" });
                expect(f.inputs.memorySize, f.name).to.be.a("number");
                expect(f.inputs.timeout, f.name).to.be.a("number");
            }
        });

        it("protects every stateful resource from deletion in Pulumi exactly when the stack says so", () => {
            const stateful = ["aws:dynamodb/table:Table", "aws:rds/cluster:Cluster", "aws:s3/bucket:Bucket", "aws:cognito/userPool:UserPool", "aws:kms/key:Key"];
            const resources = stack.resources.filter((r) => stateful.includes(r.type));
            expect(resources.length).to.be.greaterThan(6);
            for (const r of resources) expect(r.protect, `${r.type}::${r.name}`).to.equal(stackName === "prod");
        });
    });
}

describe("config errors", () => {
    it("fail before any resource is created, naming the key", async () => {
        const error = await evaluateStack("dev", { "portcullis:gateway": JSON.stringify({ tiers: { basic: {} } }) }).then(
            () => undefined,
            (e: Error & { resources?: Array<{ type: string }> }) => e,
        );
        expect(error?.message ?? "no error").to.include("portcullis:gateway.tiers.basic.throttle.rateLimit is required");
        expect((error?.resources ?? []).map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack")).to.deep.equal([]);
    });
});

describe("deploy blockers reintroduced through a stack file fail before any resource is created", () => {
    /** A section of a committed stack file with `change` applied, as the raw override the engine would pass. */
    const mutated = (stack: string, section: string, change: (value: any) => void): Record<string, string> => {
        const value = JSON.parse(stackConfig(stack)[`portcullis:${section}`]);
        change(value);
        return { [`portcullis:${section}`]: JSON.stringify(value) };
    };
    const cases: Array<[string, string, Record<string, string>, string]> = [
        ["prod's Shield Advanced without the subscription (blocker 6)", "prod", mutated("prod", "edge", (e) => delete e.shieldSubscribed),
            "portcullis:edge.shieldAdvanced is true but portcullis:edge.shieldSubscribed is not"],
        ["prod's one reservation of 50 for every function (blocker 7)", "prod", mutated("prod", "lambda", (l) => (l.reservedConcurrency = 50)),
            "portcullis:lambda.reservedConcurrency must be reservations by function name"],
        ["a reservation on the authorizer (blocker 7)", "prod", mutated("prod", "lambda", (l) => (l.reservedConcurrency.authorizer = 5)),
            "portcullis:lambda.reservedConcurrency.authorizer must not be set"],
        ["a 10 s function inside a 10 s integration (blocker 8)", "dev", mutated("dev", "lambda", (l) => (l.timeoutSeconds = 10)),
            "portcullis:gateway.integrationTimeoutMs must be at least portcullis:lambda.timeoutSeconds (10 s) plus 1000 ms"],
    ];
    for (const [what, stackName, overrides, message] of cases) {
        it(`refuses ${what}`, async () => {
            const error = await evaluateStack(stackName, overrides).then(
                () => undefined,
                (e: Error & { resources?: Array<{ type: string }> }) => e,
            );
            expect(error?.message ?? "no error").to.include(message);
            expect((error?.resources ?? []).map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack")).to.deep.equal([]);
        });
    }
});
