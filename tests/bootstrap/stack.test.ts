/**
 * The bootstrap program under mocks with its committed stack file (bootstrap/Pulumi.account.yaml): exactly the
 * resources it should create, trust policies that only this repository's pull requests, main and environments
 * satisfy, deploy permissions without wildcards and within IAM's size quota, and config errors before any resource.
 */
import { expect } from "chai";
import { BOOTSTRAP_PROGRAM, CapturedResource, EvaluatedStack, evaluateStack } from "../../harness/evaluate";
import { ACCOUNT } from "../../harness/mocks";
import { MANAGED_POLICY_MAX_CHARS, PolicyDocument, Statement } from "../../bootstrap/documents";

const STACK = "account";
const evaluate = (overrides: Record<string, string | undefined> = {}) => evaluateStack(STACK, overrides, BOOTSTRAP_PROGRAM);
const doc = (r: CapturedResource, field = "policy"): PolicyDocument => JSON.parse(r.inputs[field]);
const byName = (stack: EvaluatedStack, type: string, name: string) => stack.one(type, name);
const ISSUER = "token.actions.githubusercontent.com";
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;

/** The trust condition of a role: the subjects it admits, and the audience. */
function trustOf(role: CapturedResource) {
    const [statement] = doc(role, "assumeRolePolicy").Statement;
    return {
        principal: statement.Principal,
        action: statement.Action,
        audience: statement.Condition?.StringEquals?.[`${ISSUER}:aud`],
        subjects: statement.Condition?.StringLike?.[`${ISSUER}:sub`],
    };
}

/** Every Allow statement of the managed policies attached to a role. */
function allowsOf(stack: EvaluatedStack, roleName: string): Statement[] {
    const attached = stack.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === roleName).map((a) => a.inputs.policyArn);
    const policies = stack.ofType("aws:iam/policy:Policy").filter((p) => attached.includes(p.outputs.arn));
    expect(policies.length, roleName).to.equal(attached.length);
    return policies.flatMap((p) => doc(p).Statement).filter((s) => s.Effect === "Allow");
}

describe("the bootstrap program under mocks", function () {
    this.timeout(60_000);
    let stack: EvaluatedStack;
    before(async () => {
        stack = await evaluate();
    });

    it("creates the OIDC provider, one preview role, a deploy role per stage and API Gateway's account setting, and no Shield subscription", () => {
        const count = (type: string) => stack.ofType(type).length;
        expect(stack.ofType("aws:iam/role:Role").map((r) => r.inputs.name).sort()).to.deep.equal([
            "portcullis-apigateway-cloudwatch", "portcullis-ci-deploy-dev", "portcullis-ci-deploy-prod", "portcullis-ci-preview",
        ]);
        expect(count("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.equal(1);
        expect(count("aws:apigateway/account:Account")).to.equal(1);
        expect(count("aws:shield/subscription:Subscription")).to.equal(0);
        // read (shared) + 4 areas per stage.
        expect(count("aws:iam/policy:Policy")).to.equal(1 + 2 * 4);
        expect(count("aws:iam/userPolicy:UserPolicy") + count("aws:iam/accessKey:AccessKey") + count("aws:iam/user:User")).to.equal(0);
        const provider = stack.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        expect(provider.inputs).to.deep.include({ url: `https://${ISSUER}`, clientIdLists: ["sts.amazonaws.com"] });
    });

    it("parents every resource inside one of the two components", () => {
        const components = stack.resources.filter((r) => r.type.startsWith("portcullis:bootstrap:"));
        expect(components.map((c) => c.type).sort()).to.deep.equal(["portcullis:bootstrap:AccountSettings", "portcullis:bootstrap:GithubCiAccess"]);
        const keys = new Set(components.map((c) => `${c.type}::${c.name}`));
        for (const r of stack.resources.filter((x) => !x.type.startsWith("portcullis:") && x.type !== "pulumi:pulumi:Stack")) {
            expect(keys.has(r.parent ?? ""), `${r.type}::${r.name}`).to.equal(true);
        }
    });

    it("trusts the preview role for this repository's pull requests and main only, with the STS audience", () => {
        expect(trustOf(byName(stack, "aws:iam/role:Role", "ci-preview"))).to.deep.equal({
            principal: { Federated: PROVIDER_ARN },
            action: ["sts:AssumeRoleWithWebIdentity"],
            audience: "sts.amazonaws.com",
            subjects: ["repo:example-org/portcullis:pull_request", "repo:example-org/portcullis:ref:refs/heads/main"],
        });
        expect(byName(stack, "aws:iam/role:Role", "ci-preview").inputs.maxSessionDuration).to.equal(3600);
    });

    it("trusts each deploy role for its own GitHub environment only", () => {
        for (const [stage, environment] of [["dev", "dev"], ["prod", "production"]]) {
            const role = byName(stack, "aws:iam/role:Role", `ci-deploy-${stage}`);
            expect(trustOf(role).subjects, stage).to.deep.equal([`repo:example-org/portcullis:environment:${environment}`]);
            expect(trustOf(role).audience).to.equal("sts.amazonaws.com");
            expect(role.inputs.maxSessionDuration).to.equal(7200);
        }
    });

    it("makes IAM require refs/heads/main too once the repository's subject template includes the ref", async () => {
        const withRef = await evaluate({ "portcullis-bootstrap:oidcSubjectIncludesRef": "true" });
        expect(trustOf(byName(withRef, "aws:iam/role:Role", "ci-deploy-prod")).subjects).to.deep.equal([
            "repo:example-org/portcullis:environment:production:ref:refs/heads/main",
        ]);
        expect(trustOf(byName(withRef, "aws:iam/role:Role", "ci-preview")).subjects).to.deep.equal([
            "repo:example-org/portcullis:pull_request:ref:refs/pull/*/merge", "repo:example-org/portcullis:ref:refs/heads/main:ref:refs/heads/main",
        ]);
    });

    it("denies the preview role API key values, which API Gateway's GET would otherwise return", () => {
        const inline = stack.one("aws:iam/rolePolicy:RolePolicy", "ci-preview-denies");
        expect(inline.inputs.role).to.equal("portcullis-ci-preview");
        expect(doc(inline).Statement).to.deep.equal([{
            Sid: "NoApiKeyValues", Effect: "Deny", Action: ["apigateway:GET"],
            Resource: ["/apikeys", "/apikeys/*", "/usageplans/*/keys", "/usageplans/*/keys/*"].map((p) => `arn:aws:apigateway:eu-west-1::${p}`),
        }]);
    });

    it("lets the deploy roles create RDS's service-linked role and no other", () => {
        const statement = allowsOf(stack, "portcullis-ci-deploy-prod").find((s) => s.Action.includes("iam:CreateServiceLinkedRole"));
        expect(statement?.Condition).to.deep.equal({ StringEquals: { "iam:AWSServiceName": "rds.amazonaws.com" } });
        expect(statement?.Resource).to.deep.equal([`arn:aws:iam::${ACCOUNT}:role/aws-service-role/rds.amazonaws.com/*`]);
    });

    it("gives the preview role no write, no secret value, no decryption and no object data beyond the portal", () => {
        const actions = allowsOf(stack, "portcullis-ci-preview").flatMap((s) => s.Action);
        const writes = actions.filter((a) => !/^[a-z0-9-]+:(Describe|Get|List)/.test(a) && a !== "apigateway:GET");
        expect(writes).to.deep.equal([]);
        expect(actions).to.not.include.members(["secretsmanager:GetSecretValue", "kms:Decrypt", "s3:Get*", "dynamodb:GetItem"]);
        const objects = allowsOf(stack, "portcullis-ci-preview").filter((s) => s.Action.includes("s3:GetObject"));
        expect(objects.map((s) => s.Resource)).to.deep.equal([["arn:aws:s3:::data-assets-*/docs/*"]]);
    });

    it("never allows '*' or 'service:*' actions, and writes on '*' only for the creates IAM authorizes on '*' alone", () => {
        const statements = stack.ofType("aws:iam/policy:Policy").flatMap((p) => doc(p).Statement.filter((s) => s.Effect === "Allow"));
        expect(statements.flatMap((s) => s.Action).filter((a) => a === "*" || a.endsWith(":*"))).to.deep.equal([]);
        const onStar = new Set(statements.filter((s) => s.Resource?.includes("*")).flatMap((s) => s.Action)
            .filter((a) => !/^[a-z0-9-]+:(Describe|Get|List)/.test(a)));
        expect([...onStar].sort()).to.deep.equal([
            "cognito-identity:CreateIdentityPool", "cognito-idp:CreateUserPool", "kms:CreateKey",
            "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DeleteResourcePolicy", "logs:PutResourcePolicy",
        ]);
    });

    it("scopes each stage's named resources to its own prefix", () => {
        const resources = (stage: string, sid: string) => allowsOf(stack, `portcullis-ci-deploy-${stage}`).find((s) => s.Sid === sid)?.Resource;
        expect(resources("prod", "StageFunctions")).to.deep.equal([`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:portcullis-prod-*`]);
        expect(resources("dev", "StageTable")).to.deep.equal([`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/portcullis-dev-*`]);
        expect(resources("prod", "StageSecrets")).to.include(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:portcullis-prod/*`);
        for (const stage of ["dev", "prod"]) {
            const named = allowsOf(stack, `portcullis-ci-deploy-${stage}`).filter((s) => s.Sid.startsWith("Stage")).flatMap((s) => s.Resource ?? []);
            const other = stage === "dev" ? "portcullis-prod" : "portcullis-dev";
            expect(named.filter((arn) => arn.includes(other)), stage).to.deep.equal([]);
        }
    });

    it("denies every deploy role any change to the bootstrap's roles, policies, provider and to IAM users", () => {
        for (const stage of ["dev", "prod"]) {
            const policy = byName(stack, "aws:iam/policy:Policy", `ci-deploy-${stage}-ops`);
            const deny = doc(policy).Statement.find((s) => s.Effect === "Deny");
            expect(deny?.Action).to.deep.equal(["iam:*"]);
            expect(deny?.Resource).to.deep.equal([
                `arn:aws:iam::${ACCOUNT}:role/portcullis-ci-*`, `arn:aws:iam::${ACCOUNT}:policy/portcullis-ci-*`,
                `arn:aws:iam::${ACCOUNT}:role/portcullis-apigateway-cloudwatch`, PROVIDER_ARN, `arn:aws:iam::${ACCOUNT}:user/*`,
            ]);
        }
    });

    it("keeps every managed policy within IAM's 6,144-character quota", () => {
        for (const policy of stack.ofType("aws:iam/policy:Policy")) {
            expect(policy.inputs.policy.length, policy.name).to.be.at.most(MANAGED_POLICY_MAX_CHARS);
        }
    });

    it("sets API Gateway's account role after its policy, writing only this account's log groups in this region", () => {
        const account = stack.one("aws:apigateway/account:Account");
        const role = byName(stack, "aws:iam/role:Role", "account-apigateway-cloudwatch");
        expect(account.inputs.cloudwatchRoleArn).to.equal(role.outputs.arn);
        expect(account.dependsOn).to.deep.equal(["aws:iam/rolePolicy:RolePolicy::account-apigateway-cloudwatch"]);
        expect(doc(stack.one("aws:iam/rolePolicy:RolePolicy", "account-apigateway-cloudwatch")).Statement[0].Resource).to.deep.equal([
            `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*`, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*:log-stream:*`,
        ]);
    });

    it("creates neither the CloudWatch role nor the account setting when another stack owns them", async () => {
        const without = await evaluate({ "portcullis-bootstrap:manageAccountCloudWatchRole": "false" });
        expect(without.ofType("aws:apigateway/account:Account")).to.deep.equal([]);
        expect(without.ofType("aws:iam/role:Role").map((r) => r.inputs.name)).to.not.include("portcullis-apigateway-cloudwatch");
    });

    it("subscribes to Shield Advanced only behind its flag, protected, not renewing unless asked, never cancelled by a destroy", async () => {
        const shield = (await evaluate({ "portcullis-bootstrap:shieldAdvancedSubscription": "true" })).one("aws:shield/subscription:Subscription");
        expect(shield.inputs).to.deep.include({ autoRenew: "DISABLED", skipDestroy: true });
        expect(shield.protect).to.equal(true);
    });

    it("uses an existing OIDC provider instead of creating a second one", async () => {
        const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
        const existing = await evaluate({ "portcullis-bootstrap:existingOidcProviderArn": arn });
        expect(existing.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.deep.equal([]);
        expect(trustOf(byName(existing, "aws:iam/role:Role", "ci-preview")).principal).to.deep.equal({ Federated: arn });
    });

    it("gives the roles read and write on a self-managed backend when one is configured", async () => {
        const backend = JSON.stringify({ bucket: "acme-pulumi-state", kmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/pulumi-secrets` });
        const selfManaged = await evaluate({ "portcullis-bootstrap:stateBackend": backend });
        const preview = allowsOf(selfManaged, "portcullis-ci-preview");
        expect(preview.find((s) => s.Sid === "WriteStateLocks")?.Resource).to.deep.equal(["arn:aws:s3:::acme-pulumi-state/.pulumi/locks/*"]);
        expect(preview.find((s) => s.Sid === "StateSecrets")?.Action).to.deep.equal(["kms:Decrypt"]);
        const deploy = allowsOf(selfManaged, "portcullis-ci-deploy-prod");
        expect(deploy.find((s) => s.Sid === "WriteState")?.Resource).to.deep.equal(["arn:aws:s3:::acme-pulumi-state/*"]);
    });

    it("fails on a bad repository before creating any resource, naming the key", async () => {
        const error = await evaluate({ "portcullis-bootstrap:github": JSON.stringify({ owner: "example-org", repo: "bad repo" }) })
            .then(() => undefined, (e: Error & { resources?: CapturedResource[] }) => e);
        expect(error?.message ?? "no error").to.include("portcullis-bootstrap:github.repo must be a GitHub repository name");
        expect((error?.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
    });
});
