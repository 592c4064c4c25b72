import { expect } from "chai";
import { fullScope, SCOPES } from "../../contract";
import { AuthLayer } from "../../components/authLayer";
import { ACCOUNT } from "../../harness/mocks";
import type { EvaluatedStack } from "../../harness/evaluate";
import { countByType, evaluateCases, TEST_PREFIX, TEST_REGION, testConfig, UPSTREAM } from "./support";

const AUTH = "portcullis:auth:AuthLayer::auth";
const REGION = TEST_REGION;

/** Two configs: a relaxed one with the password client, and a strict protected one without it. */
const CASES = {
    relaxed: { prefix: TEST_PREFIX, mfa: "OPTIONAL", threat: false, protect: false, minLength: 12, accessMinutes: 60, callback: "http://localhost:5173/callback", logout: "http://localhost:5173/", memory: 512, cli: true, domain: "api.dev.portcullis.example.com" },
    strict: { prefix: TEST_PREFIX, mfa: "ON", threat: true, protect: true, minLength: 14, accessMinutes: 30, callback: "https://app.portcullis.example.com/callback", logout: "https://app.portcullis.example.com/", memory: 1024, cli: false, domain: "api.portcullis.example.com" },
};
type CaseName = keyof typeof CASES;

/** AuthLayer alone, configured from a case; its refs returned under index.ts's output names. */
function build(want: (typeof CASES)[CaseName]) {
    return () => {
        const config = testConfig({
            protect: want.protect,
            edge: { domain: { name: want.domain, certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/6a1e2b4c-8d3f-4e5a-9b7c-0f1e2d3c4b5a" } },
            auth: {
                mfa: want.mfa, threatProtection: want.threat, passwordMinLength: want.minLength, callbackUrls: [want.callback], logoutUrls: [want.logout],
                accessTokenMinutes: want.accessMinutes, passwordClient: want.cli,
            },
            lambda: { memoryMb: want.memory, timeoutSeconds: 8 },
        });
        const auth = new AuthLayer("auth", { config, accountId: ACCOUNT, logGroups: UPSTREAM.logGroups });
        return {
            userPoolId: auth.refs.userPoolId,
            issuer: auth.refs.issuer,
            webClientId: auth.webClient.id,
            serviceClientId: auth.serviceClient.id,
            cliClientId: auth.cliClient?.id,
            hostedUiDomain: auth.domain.domain,
        };
    };
}

describe("AuthLayer", () => {
    const stacks = evaluateCases({ relaxed: build(CASES.relaxed), strict: build(CASES.strict) });

    for (const name of Object.keys(CASES) as CaseName[]) {
        describe(name, () => {
            const want = CASES[name];
            let stack: EvaluatedStack;
            const input = (type: string, suffix: string) => stack.one(type, suffix).inputs;
            const client = (which: "web" | "service" | "cli") => input("aws:cognito/userPoolClient:UserPoolClient", `auth-${which}`);
            before(() => {
                stack = stacks[name]!;
            });

            it("creates exactly these resources directly inside the component", () => {
                expect(countByType(stack.resources.filter((r) => r.parent === AUTH))).to.deep.equal({
                    "portcullis:lambda:SecureFunction": 2,
                    "aws:cognito/userPool:UserPool": 1,
                    "aws:lambda/permission:Permission": 1,
                    "aws:cognito/userGroup:UserGroup": 2,
                    "aws:cognito/resourceServer:ResourceServer": 1,
                    "aws:cognito/userPoolClient:UserPoolClient": want.cli ? 3 : 2,
                    "aws:cognito/userPoolDomain:UserPoolDomain": 1,
                    "aws:cognito/identityPool:IdentityPool": 1,
                    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": 1,
                    // The two identity roles; no invoke role for the authorizer (GatewayWithTiers grants a permission).
                    "aws:iam/role:Role": 2,
                });
                for (const fn of ["authorizer", "preTokenGeneration"]) {
                    expect(stack.resources.filter((r) => r.parent === `portcullis:lambda:SecureFunction::auth-${fn}`).map((r) => r.type).sort(), fn).to.deep.equal([
                        "aws:iam/role:Role",
                        "aws:iam/rolePolicy:RolePolicy",
                        "aws:lambda/function:Function",
                    ]);
                }
            });

            it(`requires MFA ${want.mfa === "ON" ? "for everyone" : "only of users who enrol"}, with authenticator apps`, () => {
                const pool = input("aws:cognito/userPool:UserPool", "auth-users");
                expect(pool.mfaConfiguration).to.equal(want.mfa);
                expect(pool.softwareTokenMfaConfiguration).to.deep.equal({ enabled: true });
            });

            it(`${want.threat ? "enforces" : "leaves off"} threat protection, on the feature plan that allows it and the V2 trigger`, () => {
                const pool = input("aws:cognito/userPool:UserPool", "auth-users");
                expect(pool.userPoolAddOns).to.deep.equal(want.threat ? { advancedSecurityMode: "ENFORCED" } : undefined);
                expect(pool.userPoolTier).to.equal(want.threat ? "PLUS" : "ESSENTIALS");
            });

            it(`${want.protect ? "protects" : "does not protect"} the user pool from deletion, in Pulumi and at the service`, () => {
                const pool = stack.one("aws:cognito/userPool:UserPool", "auth-users");
                expect(pool.inputs.deletionProtection).to.equal(want.protect ? "ACTIVE" : "INACTIVE");
                expect(pool.protect).to.equal(want.protect);
            });

            it("signs users in by verified e-mail, created by administrators, under a strict password policy", () => {
                const pool = input("aws:cognito/userPool:UserPool", "auth-users");
                expect(pool.usernameAttributes).to.deep.equal(["email"]);
                expect(pool.autoVerifiedAttributes).to.deep.equal(["email"]);
                expect(pool.adminCreateUserConfig).to.deep.equal({ allowAdminCreateUserOnly: true });
                expect(pool.accountRecoverySetting).to.deep.equal({ recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
                expect(pool.passwordPolicy).to.deep.equal({
                    minimumLength: want.minLength,
                    requireUppercase: true,
                    requireLowercase: true,
                    requireNumbers: true,
                    requireSymbols: true,
                    temporaryPasswordValidityDays: 3,
                });
            });

            it("runs the pre-token-generation trigger as V2_0, invocable by this pool only", () => {
                const pool = stack.one("aws:cognito/userPool:UserPool", "auth-users");
                const fnArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${want.prefix}-preTokenGeneration`;
                expect(pool.inputs.lambdaConfig).to.deep.equal({ preTokenGenerationConfig: { lambdaArn: fnArn, lambdaVersion: "V2_0" } });
                const permission = input("aws:lambda/permission:Permission", "auth-preTokenGeneration-invoke");
                expect(permission).to.deep.include({
                    action: "lambda:InvokeFunction",
                    function: `${want.prefix}-preTokenGeneration`,
                    principal: "cognito-idp.amazonaws.com",
                    sourceAccount: ACCOUNT,
                });
                expect(permission.sourceArn).to.match(new RegExp(`^arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/`));
            });

            it("defines the admin and customer groups, admin first", () => {
                const groups = stack.ofType("aws:cognito/userGroup:UserGroup").map((g) => [g.inputs.name, g.inputs.precedence, g.inputs.userPoolId]);
                expect(groups).to.deep.equal([
                    ["admin", 1, `${want.prefix}-users`],
                    ["customer", 10, `${want.prefix}-users`],
                ]);
            });

            it("declares the contract's scopes on the portcullis resource server", () => {
                const server = input("aws:cognito/resourceServer:ResourceServer", "auth-api");
                expect(server.identifier).to.equal("portcullis");
                expect(server.scopes.map((s: { scopeName: string }) => s.scopeName)).to.deep.equal([...SCOPES]);
            });

            it("gives the web client the authorization-code flow only, without a secret, and refresh as its one explicit flow", () => {
                expect(client("web")).to.deep.include({
                    generateSecret: false,
                    allowedOauthFlowsUserPoolClient: true,
                    allowedOauthFlows: ["code"],
                    callbackUrls: [want.callback, `https://${want.domain}/docs/callback.html`],
                    logoutUrls: [want.logout, `https://${want.domain}/docs/`],
                    supportedIdentityProviders: ["COGNITO"],
                    preventUserExistenceErrors: "ENABLED",
                    enableTokenRevocation: true,
                    explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
                    accessTokenValidity: want.accessMinutes,
                    idTokenValidity: want.accessMinutes,
                    refreshTokenValidity: 7,
                });
                expect(client("web").tokenValidityUnits).to.deep.equal({ accessToken: "minutes", idToken: "minutes", refreshToken: "days" });
                expect(client("web").allowedOauthScopes).to.have.members([...SCOPES.map(fullScope), "openid", "email"]);
                expect(client("web").allowedOauthScopes).to.have.length(SCOPES.length + 2);
            });

            it("gives the service client a secret, client credentials and the service scopes only", () => {
                expect(client("service")).to.deep.include({
                    generateSecret: true,
                    allowedOauthFlowsUserPoolClient: true,
                    allowedOauthFlows: ["client_credentials"],
                    allowedOauthScopes: ["portcullis/catalog.read"],
                    explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
                    preventUserExistenceErrors: "ENABLED",
                    enableTokenRevocation: true,
                    accessTokenValidity: want.accessMinutes,
                });
                expect(client("service").callbackUrls).to.equal(undefined);
            });

            it(want.cli ? "adds the public password client (USER_PASSWORD_AUTH and refresh, no OAuth, no secret)" : "has no password client", () => {
                const clients = stack.ofType("aws:cognito/userPoolClient:UserPoolClient").filter((c) => c.name === "auth-cli");
                if (!want.cli) {
                    expect(clients).to.deep.equal([]);
                    expect(stack.outputs.cliClientId).to.equal(undefined);
                    return;
                }
                expect(client("cli")).to.deep.include({
                    name: `${want.prefix}-cli`,
                    generateSecret: false,
                    allowedOauthFlowsUserPoolClient: false,
                    explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    preventUserExistenceErrors: "ENABLED",
                    enableTokenRevocation: true,
                    accessTokenValidity: want.accessMinutes,
                });
                expect(client("cli").allowedOauthFlows).to.equal(undefined);
                expect(client("cli").callbackUrls).to.equal(undefined);
                expect(stack.outputs.cliClientId).to.equal(`${want.prefix}-cli`);
            });

            it("serves the hosted UI under the configured prefix", () => {
                expect(input("aws:cognito/userPoolDomain:UserPoolDomain", "auth-domain")).to.deep.include({ domain: want.prefix, userPoolId: `${want.prefix}-users` });
            });

            it("federates only signed-in web users into the identity pool, checking tokens server side", () => {
                const pool = input("aws:cognito/identityPool:IdentityPool", "auth-identities");
                expect(pool.allowUnauthenticatedIdentities).to.equal(false);
                expect(pool.allowClassicFlow).to.equal(false);
                expect(pool.cognitoIdentityProviders).to.have.length(1);
                const [provider] = pool.cognitoIdentityProviders;
                expect(provider.clientId).to.equal(`${want.prefix}-web`);
                expect(provider.serverSideTokenCheck).to.equal(true);
                expect(provider.providerName).to.match(new RegExp(`^cognito-idp\\.${REGION}\\.amazonaws\\.com/`));
            });

            it("maps cognito:groups to the admin and customer roles and denies anyone else", () => {
                const attachment = input("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment", "auth-identity-roles");
                const role = (group: string) => `arn:aws:iam::${ACCOUNT}:role/auth-identity-${group}-mock`;
                const provider = input("aws:cognito/identityPool:IdentityPool", "auth-identities").cognitoIdentityProviders[0];
                expect(attachment.roleMappings).to.deep.equal([{
                    identityProvider: `${provider.providerName}:${want.prefix}-web`,
                    type: "Rules",
                    ambiguousRoleResolution: "Deny",
                    mappingRules: [
                        { claim: "cognito:groups", matchType: "Contains", value: "admin", roleArn: role("admin") },
                        { claim: "cognito:groups", matchType: "Contains", value: "customer", roleArn: role("customer") },
                    ],
                }]);
                expect(attachment.roles).to.deep.equal({ authenticated: role("customer") });
            });

            it("lets only this identity pool's authenticated identities assume the group roles, which hold no permission", () => {
                const identityPoolId = input("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment", "auth-identity-roles").identityPoolId;
                expect(identityPoolId).to.be.a("string").and.not.equal("");
                for (const group of ["admin", "customer"]) {
                    const trust = JSON.parse(input("aws:iam/role:Role", `auth-identity-${group}`).assumeRolePolicy);
                    expect(trust.Statement, group).to.deep.equal([{
                        Effect: "Allow",
                        Principal: { Federated: "cognito-identity.amazonaws.com" },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId },
                            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                        },
                    }]);
                }
                // No policy of any kind on the component's own roles: the identity roles grant nothing yet.
                const policies = stack.resources.filter((r) => r.parent === AUTH && r.type.startsWith("aws:iam/") && r.type !== "aws:iam/role:Role");
                expect(policies).to.deep.equal([]);
            });

            it("configures the authorizer from the pool and both clients, with no data permission", () => {
                const fn = input("aws:lambda/function:Function", "auth-authorizer-fn");
                expect(fn.name).to.equal(`${want.prefix}-authorizer`);
                expect(fn.memorySize).to.equal(want.memory);
                expect(fn.timeout).to.equal(8);
                expect(fn.environment.variables).to.deep.equal({
                    POWERTOOLS_SERVICE_NAME: `${want.prefix}-authorizer`,
                    USER_POOL_ID: `${want.prefix}-users`,
                    ISSUER: `https://cognito-idp.${REGION}.amazonaws.com/${want.prefix}-users`,
                    ALLOWED_CLIENT_IDS: `${want.prefix}-web,${want.prefix}-service${want.cli ? `,${want.prefix}-cli` : ""}`,
                });
                for (const which of ["authorizer", "preTokenGeneration"]) {
                    const statements = JSON.parse(input("aws:iam/rolePolicy:RolePolicy", `auth-${which}-policy`).policy).Statement;
                    expect(statements.map((s: { Sid: string }) => s.Sid), which).to.deep.equal(["WriteOwnLogs", "WriteTraces"]);
                }
            });

            it("never reserves concurrency for the authorizer or the token trigger, whose throttling would fail every request (blocker 7)", () => {
                for (const fn of ["authorizer", "preTokenGeneration"]) {
                    expect(input("aws:lambda/function:Function", `auth-${fn}-fn`).reservedConcurrentExecutions, fn).to.equal(undefined);
                }
            });

            it("gives the authorizer no credentials role: API Gateway invokes it through a Lambda permission (blocker 4)", () => {
                const roles = stack.ofType("aws:iam/role:Role").filter((r) => r.name.startsWith("auth-authorizer") && r.name !== "auth-authorizer-role");
                expect(roles.map((r) => r.name)).to.deep.equal([]);
                const trusts = stack.ofType("aws:iam/role:Role").map((r) => JSON.parse(r.inputs.assumeRolePolicy).Statement).flat();
                expect(trusts.filter((t: any) => t.Principal?.Service === "apigateway.amazonaws.com" && t.Condition?.StringEquals?.["aws:SourceAccount"] !== undefined)).to.deep.equal([]);
            });

            it("hands the gateway the issuer, clients and authorizer", () => {
                expect(stack.outputs.issuer).to.equal(`https://cognito-idp.${REGION}.amazonaws.com/${want.prefix}-users`);
                expect(stack.outputs.userPoolId).to.equal(`${want.prefix}-users`);
                expect(stack.outputs.webClientId).to.equal(`${want.prefix}-web`);
                expect(stack.outputs.serviceClientId).to.equal(`${want.prefix}-service`);
                expect(stack.outputs.hostedUiDomain).to.equal(want.prefix);
            });
        });
    }
});
