import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { AuthLayer } from "../../components/authLayer";
import { GatewayWithTiers } from "../../components/gatewayWithTiers";
import { API_VERSION, methodResource, ROUTE_FUNCTIONS, ROUTES, type RouteFunction } from "../../contract";
import { ACCOUNT } from "../../harness/mocks";
import { type CapturedResource, evaluateComponents, type EvaluatedStack } from "../../harness/evaluate";
import { countByType, evaluateCases, TEST_PREFIX, TEST_REGION, testConfig, UPSTREAM } from "./support";

const GATEWAY = "portcullis:gateway:GatewayWithTiers::gateway";
const REGION = TEST_REGION;

/** Every resource below `root`, children before grandchildren (the harness records parents first). */
function descendants(stack: EvaluatedStack, root: string): CapturedResource[] {
    const inside = new Set([root]);
    const found: CapturedResource[] = [];
    for (const r of stack.resources) {
        if (r.parent !== undefined && inside.has(r.parent)) {
            inside.add(`${r.type}::${r.name}`);
            found.push(r);
        }
    }
    return found;
}

/** Type -> count of the resources directly under `root`. */
const childCounts = (stack: EvaluatedStack, root: string) => countByType(stack.resources.filter((r) => r.parent === root));

/** The statements of a SecureFunction's role beyond its baseline (own logs, traces). */
function grantedStatements(stack: EvaluatedStack, component: string): any[] {
    const doc = JSON.parse(stack.one("aws:iam/rolePolicy:RolePolicy", `${component}-policy`).inputs.policy);
    return doc.Statement.filter((s: any) => s.Sid !== "WriteOwnLogs" && s.Sid !== "WriteTraces");
}

/**
 * Two configs, each the input and what the component must make of it: a small one (one endpoint throttle, no
 * reservations) and a large one (two endpoint throttles, reserved concurrency, two CORS origins).
 */
const CASES = {
    small: {
        prefix: TEST_PREFIX,
        retention: 30,
        stageThrottle: { rate: 50, burst: 100 },
        endpoints: [{ methodPath: "~1v1~1orders/POST", rate: 10, burst: 20 }],
        tiers: {
            basic: { rate: 5, burst: 10, quota: 1000, period: "DAY", methods: [] as object[] },
            premium: { rate: 20, burst: 40, quota: 20000, period: "DAY", methods: [{ path: "/v1/reports/sales/GET", rateLimit: 1, burstLimit: 2 }] },
            enterprise: { rate: 50, burst: 100, quota: 1000000, period: "MONTH", methods: [] as object[] },
        },
        clients: { "demo-basic": "basic", "demo-premium": "premium", "demo-enterprise": "enterprise" },
        lambda: { memory: 512, timeout: 8, reserved: {} as Partial<Record<RouteFunction, number>> },
        cors: "http://localhost:5173",
    },
    large: {
        prefix: TEST_PREFIX,
        retention: 365,
        stageThrottle: { rate: 1000, burst: 2000 },
        endpoints: [
            { methodPath: "~1v1~1orders/POST", rate: 200, burst: 400 },
            { methodPath: "~1v1~1reports~1sales/GET", rate: 10, burst: 20 },
        ],
        tiers: {
            basic: { rate: 10, burst: 20, quota: 10000, period: "DAY", methods: [] as object[] },
            premium: { rate: 100, burst: 200, quota: 250000, period: "DAY", methods: [{ path: "/v1/reports/sales/GET", rateLimit: 2, burstLimit: 4 }] },
            enterprise: { rate: 500, burst: 1000, quota: 50000000, period: "MONTH", methods: [] as object[] },
        },
        clients: { "acme-web": "enterprise", "globex-partner": "premium", "initech-trial": "basic" },
        lambda: { memory: 1024, timeout: 8, reserved: { createOrder: 100, readOrders: 50, orderReceipt: 20, salesReport: 10 } as Partial<Record<RouteFunction, number>> },
        cors: "https://app.portcullis.example.com,https://admin.portcullis.example.com",
    },
};
type CaseName = keyof typeof CASES;
type Want = (typeof CASES)[CaseName];

/** A case as the raw config sections it is built from. */
function rawOf(want: Want, gateway: object = {}, lambda: object = {}): Parameters<typeof testConfig>[0] {
    const resourceOf = (methodPath: string) => methodPath.split("/")[0].replace(/~1/g, "/");
    const methodOf = (methodPath: string) => methodPath.split("/").pop()!;
    return {
        gateway: {
            throttle: { rateLimit: want.stageThrottle.rate, burstLimit: want.stageThrottle.burst },
            endpointThrottles: want.endpoints.map((e) => ({ method: methodOf(e.methodPath), path: resourceOf(e.methodPath), rateLimit: e.rate, burstLimit: e.burst })),
            tiers: Object.fromEntries(Object.entries(want.tiers).map(([tier, t]) => [tier, {
                throttle: { rateLimit: t.rate, burstLimit: t.burst },
                quota: { limit: t.quota, period: t.period },
                methodThrottles: (t.methods as { path: string; rateLimit: number; burstLimit: number }[]).map((m) => ({
                    method: methodOf(m.path), path: m.path.slice(0, m.path.lastIndexOf("/")), rateLimit: m.rateLimit, burstLimit: m.burstLimit,
                })),
            }])),
            apiClients: Object.entries(want.clients).map(([name, tier]) => ({ name, tier })),
            corsOrigins: want.cors.split(","),
            ...gateway,
        },
        lambda: {
            memoryMb: want.lambda.memory,
            timeoutSeconds: want.lambda.timeout,
            ...(Object.keys(want.lambda.reserved).length > 0 ? { reservedConcurrency: want.lambda.reserved, accountConcurrencyLimit: 1000 } : {}),
            ...lambda,
        },
        observability: { logRetentionDays: want.retention },
    };
}

/**
 * GatewayWithTiers alone from a case, with stand-ins for the data, auth and edge refs (plus AuthLayer, whose
 * functions show config reaching functions outside the gateway, when `withAuth`).
 */
function build(want: Want, options: { gateway?: object; lambda?: object; withAuth?: boolean } = {}) {
    return () => {
        const config = testConfig(rawOf(want, options.gateway, options.lambda));
        if (options.withAuth) new AuthLayer("auth", { config, accountId: ACCOUNT, logGroups: UPSTREAM.logGroups });
        const gateway = new GatewayWithTiers("gateway", {
            config,
            accountId: ACCOUNT,
            logGroups: UPSTREAM.logGroups,
            data: UPSTREAM.data,
            auth: UPSTREAM.auth,
            edge: pulumi.output(UPSTREAM.edge),
        });
        return { apiKeyIds: gateway.apiKeyIds };
    };
}

describe("GatewayWithTiers", () => {
    const stacks = evaluateCases({ small: build(CASES.small), large: build(CASES.large) });

    for (const name of Object.keys(CASES) as CaseName[]) {
        describe(`GatewayWithTiers, ${name}`, () => {
            const want = CASES[name];
            let stack: EvaluatedStack;
            let inside: CapturedResource[];
            const fnEnv = (fn: RouteFunction) => stack.one("aws:lambda/function:Function", `gateway-${fn}-fn`).inputs.environment.variables as Record<string, string>;
            before(() => {
                stack = stacks[name]!;
                inside = descendants(stack, GATEWAY);
            });

            it("creates exactly these resources directly inside the component", () => {
                expect(childCounts(stack, GATEWAY)).to.deep.equal({
                    "portcullis:lambda:SecureFunction": 9,
                    "aws:apigateway/restApi:RestApi": 1,
                    // One per route and one for the authorizer.
                    "aws:lambda/permission:Permission": 14,
                    "aws:apigateway/deployment:Deployment": 1,
                    "aws:apigateway/stage:Stage": 1,
                    "aws:cloudwatch/logGroup:LogGroup": 1,
                    "aws:apigateway/methodSettings:MethodSettings": 1 + want.endpoints.length,
                    "aws:apigateway/usagePlan:UsagePlan": 3,
                    "aws:apigateway/apiKey:ApiKey": 3,
                    "aws:apigateway/usagePlanKey:UsagePlanKey": 3,
                    "aws:apigateway/documentationPart:DocumentationPart": 1,
                    "aws:apigateway/documentationVersion:DocumentationVersion": 1,
                });
                expect(ROUTES.length).to.equal(13);
            });

            it("parents every function's role, policy and Lambda to that function's component", () => {
                for (const fn of ROUTE_FUNCTIONS) {
                    const parent = `portcullis:lambda:SecureFunction::gateway-${fn}`;
                    expect(stack.resources.filter((r) => r.parent === parent).map((r) => r.type).sort(), fn).to.deep.equal([
                        "aws:iam/role:Role",
                        "aws:iam/rolePolicy:RolePolicy",
                        "aws:lambda/function:Function",
                    ]);
                }
                expect(inside.length).to.equal(Object.values(childCounts(stack, GATEWAY)).reduce((a, b) => a + b, 0) + 9 * 3);
            });

            it("names each route function deterministically and sizes it from config", () => {
                for (const fn of ROUTE_FUNCTIONS) {
                    const f = stack.one("aws:lambda/function:Function", `gateway-${fn}-fn`).inputs;
                    expect(f.name).to.equal(`${want.prefix}-${fn}`);
                    expect(f.memorySize, fn).to.equal(want.lambda.memory);
                    expect(f.timeout, fn).to.equal(want.lambda.timeout);
                    expect(f.reservedConcurrentExecutions, fn).to.equal(want.lambda.reserved[fn]);
                }
            });

            it("gives each function exactly the environment it reads", () => {
                const common = ["CORS_ORIGINS", "LOG_LEVEL", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_SERVICE_NAME"];
                const db = ["DB_CLUSTER_ARN", "DB_NAME", "DB_SECRET_ARN"];
                const own: Record<RouteFunction, string[]> = {
                    health: ["API_VERSION"],
                    catalogRead: ["CURSOR_SECRET_ARN", "TABLE_NAME"],
                    catalogWrite: ["TABLE_NAME"],
                    imageUpload: ["ASSETS_BUCKET", "TABLE_NAME"],
                    createOrder: [...db, "PRIVATE_BUCKET", "TABLE_NAME"],
                    readOrders: [...db, "CURSOR_SECRET_ARN"],
                    orderReceipt: [...db, "RECEIPTS_BASE_URL", "RECEIPT_URL_TTL_SECONDS", "SIGNING_KEY_PAIR_ID", "SIGNING_KEY_SECRET_ARN"],
                    salesReport: db,
                    stockUpdate: ["TABLE_NAME"],
                };
                for (const fn of ROUTE_FUNCTIONS) {
                    const env = fnEnv(fn);
                    expect(Object.keys(env).sort(), fn).to.deep.equal([...common, ...own[fn]].sort());
                    expect(env.POWERTOOLS_SERVICE_NAME).to.equal(`${want.prefix}-${fn}`);
                    expect(env.API_VERSION).to.equal(fn === "health" ? API_VERSION : undefined);
                    expect(env.CORS_ORIGINS).to.equal(want.cors);
                    expect(env.LOG_LEVEL).to.equal("INFO");
                    for (const v of Object.values(env)) expect(v, fn).to.be.a("string").and.not.equal("");
                }
                expect(fnEnv("orderReceipt").SIGNING_KEY_SECRET_ARN).to.match(/^arn:aws:secretsmanager:/);
                expect(fnEnv("readOrders").CURSOR_SECRET_ARN).to.match(/^arn:aws:secretsmanager:/).and.equal(fnEnv("catalogRead").CURSOR_SECRET_ARN);
                expect(fnEnv("orderReceipt").RECEIPTS_BASE_URL).to.match(/^https:\/\//);
                expect(fnEnv("orderReceipt").RECEIPT_URL_TTL_SECONDS).to.equal("300");
            });

            it("grants each function exactly the actions it uses, on exact resource ARNs", () => {
                const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${fnEnv("catalogRead").TABLE_NAME}`;
                const cluster = fnEnv("readOrders").DB_CLUSTER_ARN;
                const secret = fnEnv("readOrders").DB_SECRET_ARN;
                const assets = `arn:aws:s3:::${fnEnv("imageUpload").ASSETS_BUCKET}/assets/products/*`;
                const receipts = `arn:aws:s3:::${fnEnv("createOrder").PRIVATE_BUCKET}/receipts/*`;
                const signing = fnEnv("orderReceipt").SIGNING_KEY_SECRET_ARN;
                const key = grantedStatements(stack, "gateway-catalogRead").find((s) => s.Sid === "DataKey").Resource[0];
                expect(key).to.equal(UPSTREAM.data.dataKeyArn);

                const s = (Sid: string, Action: string[], Resource: string[]) => ({ Sid, Effect: "Allow", Action, Resource });
                const tableStmt = (...a: string[]) => s("Table", a.map((x) => `dynamodb:${x}`), [table]);
                const dbStmt = (...a: string[]) => s("OrdersDatabase", a.map((x) => `rds-data:${x}`), [cluster]);
                const secretStmt = s("DatabaseSecret", ["secretsmanager:GetSecretValue"], [secret]);
                const keyStmt = (...a: string[]) => s("DataKey", a.map((x) => `kms:${x}`), [key]);
                const cursorStmt = s("CursorSecret", ["secretsmanager:GetSecretValue"], [fnEnv("catalogRead").CURSOR_SECRET_ARN]);
                const expected: Record<RouteFunction, object[]> = {
                    health: [],
                    catalogRead: [tableStmt("GetItem", "Query"), keyStmt("Decrypt"), cursorStmt],
                    catalogWrite: [tableStmt("GetItem", "PutItem", "DeleteItem"), keyStmt("Decrypt")],
                    imageUpload: [tableStmt("GetItem"), s("ProductImages", ["s3:PutObject"], [assets]), keyStmt("Decrypt", "GenerateDataKey")],
                    createOrder: [
                        tableStmt("BatchGetItem", "GetItem", "UpdateItem"),
                        dbStmt("ExecuteStatement", "BeginTransaction", "CommitTransaction", "RollbackTransaction"),
                        secretStmt,
                        s("Receipts", ["s3:PutObject"], [receipts]),
                        keyStmt("Decrypt", "GenerateDataKey"),
                    ],
                    readOrders: [dbStmt("ExecuteStatement"), secretStmt, keyStmt("Decrypt"), cursorStmt],
                    orderReceipt: [dbStmt("ExecuteStatement"), secretStmt, s("SigningKey", ["secretsmanager:GetSecretValue"], [signing]), keyStmt("Decrypt")],
                    salesReport: [dbStmt("ExecuteStatement"), secretStmt, keyStmt("Decrypt")],
                    stockUpdate: [tableStmt("GetItem", "UpdateItem"), keyStmt("Decrypt")],
                };
                for (const fn of ROUTE_FUNCTIONS) expect(grantedStatements(stack, `gateway-${fn}`), fn).to.deep.equal(expected[fn]);
            });

            it("has no '*' action and no managed policy attachment anywhere in the component", () => {
                const policies = inside.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
                // One per route function; the account's CloudWatch role is the bootstrap program's.
                expect(policies.length).to.equal(9);
                const actions = policies.flatMap((p) => JSON.parse(p.inputs.policy).Statement.flatMap((st: any) => [].concat(st.Action)));
                expect(actions.filter((a: string) => a === "*" || a.endsWith(":*"))).to.deep.equal([]);
                expect(inside.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" || r.type === "aws:iam/policyAttachment:PolicyAttachment")).to.deep.equal([]);
                for (const role of inside.filter((r) => r.type === "aws:iam/role:Role")) expect(role.inputs.managedPolicyArns ?? [], role.name).to.deep.equal([]);
            });

            it("lets API Gateway invoke each function only for its own routes on the stage", () => {
                const permissions = stack.ofType("aws:lambda/permission:Permission").filter((p) => p.parent === GATEWAY && p.name !== "gateway-authorizer-invoke");
                const executionArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:gateway-api-id`;
                expect(permissions.map((p) => [p.inputs.function, p.inputs.sourceArn]).sort()).to.deep.equal(
                    ROUTES.map((r) => [`${want.prefix}-${r.function}`, `${executionArn}/live/${methodResource(r)}`]).sort(),
                );
                for (const p of permissions) {
                    expect(p.inputs.principal).to.equal("apigateway.amazonaws.com");
                    expect(p.inputs.action).to.equal("lambda:InvokeFunction");
                    expect(p.inputs.sourceArn).not.to.include("/*/*");
                }
            });

            it("lets API Gateway invoke the authorizer as itself, for this API's authorizers only, with no credentials role in the body (blocker 4)", () => {
                const permission = stack.one("aws:lambda/permission:Permission", "gateway-authorizer-invoke").inputs;
                expect(permission).to.deep.equal({
                    action: "lambda:InvokeFunction",
                    function: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${want.prefix}-authorizer`,
                    principal: "apigateway.amazonaws.com",
                    sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:gateway-api-id/authorizers/*`,
                });
                const body = stack.one("aws:apigateway/restApi:RestApi", "gateway-api").inputs.body as string;
                expect(body).not.to.include("authorizerCredentials");
                expect(body).not.to.include(":role/");
            });

            it("builds a REGIONAL REST API whose resource policy opens no IAM route and denies them outside the account", () => {
                const api = stack.one("aws:apigateway/restApi:RestApi", "gateway-api").inputs;
                expect(api.name).to.equal(`${want.prefix}-api`);
                expect(api.endpointConfiguration).to.deep.equal({ types: "REGIONAL" });
                const [allow, deny] = JSON.parse(api.policy).Statement;
                expect(allow.Effect).to.equal("Allow");
                expect(allow.Action).to.equal("execute-api:Invoke");
                expect(allow.Resource.some((r: string) => r.includes("/internal/"))).to.equal(false);
                // 12 token- or key-guarded routes and the 8 paths they live on (preflight).
                expect(allow.Resource).to.have.length(12 + 8);
                expect(allow.Resource).to.include("execute-api:/live/GET/health");
                expect(allow.Resource).to.include("execute-api:/live/POST/v1/orders");
                expect(allow.Resource).to.include("execute-api:/live/OPTIONS/v1/products/*");
                expect(deny).to.deep.equal({
                    Sid: "DenyIamRoutesOutsideAccount",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "execute-api:Invoke",
                    Resource: ["execute-api:/*/POST/v1/internal/stock"],
                    Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } },
                });
            });

            it("redeploys on a hash of the body and of the resource policy, after every invoke permission", () => {
                const api = stack.one("aws:apigateway/restApi:RestApi", "gateway-api").inputs;
                const deployment = stack.one("aws:apigateway/deployment:Deployment", "gateway-deployment");
                const sha = (t: string) => crypto.createHash("sha256").update(t).digest("hex");
                expect(deployment.inputs.triggers).to.deep.equal({ redeployment: sha(api.body), resourcePolicy: sha(api.policy) });
                expect(deployment.dependsOn).to.have.length(14);
                for (const r of ROUTES) expect(deployment.dependsOn).to.include(`aws:lambda/permission:Permission::gateway-${r.operationId}-invoke`);
                expect(deployment.dependsOn).to.include("aws:lambda/permission:Permission::gateway-authorizer-invoke");
            });

            it("logs every request as JSON to the access log group and traces with X-Ray", () => {
                const stage = stack.one("aws:apigateway/stage:Stage", "gateway-stage");
                expect(stage.inputs.stageName).to.equal("live");
                expect(stage.inputs.xrayTracingEnabled).to.equal(true);
                expect(stage.dependsOn).to.deep.equal(["aws:cloudwatch/logGroup:LogGroup::gateway-execution-logs"]);
                const execution = stack.one("aws:cloudwatch/logGroup:LogGroup", "gateway-execution-logs");
                expect(execution.inputs).to.deep.include({
                    name: `API-Gateway-Execution-Logs_${stack.one("aws:apigateway/restApi:RestApi").outputs.id}/live`,
                    retentionInDays: want.retention,
                    kmsKeyId: UPSTREAM.logGroups.logsKeyArn,
                });
                expect(UPSTREAM.logGroups.apiAccess.name).to.equal(`/aws/apigateway/${want.prefix}-api/access`);
                expect(stage.inputs.accessLogSettings.destinationArn).to.equal(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${UPSTREAM.logGroups.apiAccess.name}`);
                const format = JSON.parse(stage.inputs.accessLogSettings.format);
                expect(format).to.include({
                    requestId: "$context.requestId",
                    extendedRequestId: "$context.extendedRequestId",
                    ip: "$context.identity.sourceIp",
                    caller: "$context.identity.caller",
                    user: "$context.identity.user",
                    status: "$context.status",
                    errorResponseType: "$context.error.responseType",
                    integrationLatency: "$context.integration.latency",
                    integrationStatus: "$context.integration.status",
                    authorizerError: "$context.authorizer.error",
                    authorizerStatus: "$context.authorizer.status",
                    authorizerLatency: "$context.authorizer.latency",
                    wafStatus: "$context.waf.status",
                    wafResponseCode: "$context.wafResponseCode",
                    apiKeyId: "$context.identity.apiKeyId",
                    xrayTraceId: "$context.xrayTraceId",
                });
                expect(Object.keys(format)).to.have.length(21);
            });

            it("leaves API Gateway's account-level CloudWatch role to the bootstrap program: no role, no Account (blocker 10)", () => {
                expect(stack.ofType("aws:apigateway/account:Account")).to.deep.equal([]);
                expect(stack.ofType("aws:iam/role:Role").filter((r) => r.name === "gateway-cloudwatch")).to.deep.equal([]);
            });

            it("throttles the stage and each configured endpoint, with metrics and INFO logging but no data trace", () => {
                const settings = stack.ofType("aws:apigateway/methodSettings:MethodSettings").filter((m) => m.parent === GATEWAY);
                const summary = settings.map((m) => ({ methodPath: m.inputs.methodPath, rate: m.inputs.settings.throttlingRateLimit, burst: m.inputs.settings.throttlingBurstLimit }));
                expect(summary).to.deep.equal([{ methodPath: "*/*", ...want.stageThrottle }, ...want.endpoints]);
                for (const m of settings) {
                    expect(m.inputs.stageName).to.equal("live");
                    expect(m.inputs.settings).to.include({ metricsEnabled: true, loggingLevel: "INFO", dataTraceEnabled: false });
                    expect(m.dependsOn).to.deep.equal([]);
                }
            });

            it("offers the Basic, Premium and Enterprise usage plans with the stack's throttles, quotas and method throttles", () => {
                for (const [tier, t] of Object.entries(want.tiers)) {
                    const plan = stack.one("aws:apigateway/usagePlan:UsagePlan", `gateway-plan-${tier}`).inputs;
                    expect(plan.name, tier).to.equal(`${want.prefix}-${tier}`);
                    expect(plan.throttleSettings, tier).to.deep.equal({ rateLimit: t.rate, burstLimit: t.burst });
                    expect(plan.quotaSettings, tier).to.deep.equal({ limit: t.quota, period: t.period });
                    expect(plan.apiStages, tier).to.deep.equal([{ apiId: `${want.prefix}-api`, stage: "live", throttles: t.methods }]);
                    expect(plan.tags, tier).to.deep.equal({ "portcullis:tier": tier });
                }
            });

            it("issues one enabled, AWS-generated API key per client, bound to its tier's plan", () => {
                const bindings = stack.ofType("aws:apigateway/usagePlanKey:UsagePlanKey").map((k) => [k.inputs.keyId, k.inputs.usagePlanId, k.inputs.keyType]);
                expect(bindings.sort()).to.deep.equal(
                    Object.entries(want.clients).map(([client, tier]) => [`${want.prefix}-${client}`, `${want.prefix}-${tier}`, "API_KEY"]).sort(),
                );
                for (const key of stack.ofType("aws:apigateway/apiKey:ApiKey")) {
                    expect(key.inputs.enabled, key.name).to.equal(true);
                    expect(key.inputs.value, key.name).to.equal(undefined);
                }
                expect(stack.outputs.apiKeyIds).to.deep.equal(Object.fromEntries(Object.keys(want.clients).map((c) => [c, `${want.prefix}-${c}`])));
            });

            it("publishes the contract's version as a documentation version, after a documentation part", () => {
                const version = stack.one("aws:apigateway/documentationVersion:DocumentationVersion", "gateway-doc-version");
                expect(version.inputs.version).to.equal(API_VERSION);
                expect(version.dependsOn).to.deep.equal(["aws:apigateway/documentationPart:DocumentationPart::gateway-doc-api"]);
                expect(stack.one("aws:apigateway/documentationPart:DocumentationPart", "gateway-doc-api").inputs.location).to.deep.equal({ type: "API" });
            });
        });
    }

    describe("GatewayWithTiers with lambda.logLevel: WARN (small, with AuthLayer beside it)", () => {
        it("sets every route function's Lambda application log level from config, leaving LOG_LEVEL as the fallback", async () => {
            const stack = await evaluateComponents(build(CASES.small, { lambda: { logLevel: "WARN" }, withAuth: true }));
            for (const fn of ROUTE_FUNCTIONS) {
                const f = stack.one("aws:lambda/function:Function", `gateway-${fn}-fn`).inputs;
                expect(f.loggingConfig, fn).to.deep.include({ logFormat: "JSON", applicationLogLevel: "WARN" });
                expect(f.environment.variables.LOG_LEVEL, fn).to.equal("INFO");
            }
            const others = stack.ofType("aws:lambda/function:Function").filter((f) => !f.name.startsWith("gateway-"));
            expect(others.map((f) => f.inputs.loggingConfig.applicationLogLevel)).to.deep.equal(others.map(() => "WARN"));
            expect(others.length).to.be.at.least(2);
        });
    });

    describe("GatewayWithTiers owning the account's CloudWatch role (small with gateway.manageAccountCloudWatchRole: true)", () => {
        let stack: EvaluatedStack;
        before(async function () {
            stack = await evaluateComponents(build(CASES.small, { gateway: { manageAccountCloudWatchRole: true } }));
        });

        it("sets API Gateway's account CloudWatch role with an inline policy scoped to this account and region", () => {
            const account = stack.one("aws:apigateway/account:Account", "gateway-account").inputs;
            expect(account.cloudwatchRoleArn).to.equal(`arn:aws:iam::${ACCOUNT}:role/gateway-cloudwatch-mock`);
            const trust = JSON.parse(stack.one("aws:iam/role:Role", "gateway-cloudwatch").inputs.assumeRolePolicy);
            expect(trust.Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }]);
            const groups = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:*`;
            expect(JSON.parse(stack.one("aws:iam/rolePolicy:RolePolicy", "gateway-cloudwatch").inputs.policy).Statement).to.deep.equal([{
                Sid: "WriteApiGatewayLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                Resource: [groups, `${groups}:log-stream:*`],
            }]);
            expect(stack.one("aws:apigateway/account:Account", "gateway-account").dependsOn).to.deep.equal(["aws:iam/rolePolicy:RolePolicy::gateway-cloudwatch"]);
        });

        it("enables the stage's logging and every method setting only after the account has the role", () => {
            expect(stack.one("aws:apigateway/stage:Stage", "gateway-stage").dependsOn).to.deep.equal([
                "aws:apigateway/account:Account::gateway-account",
                "aws:cloudwatch/logGroup:LogGroup::gateway-execution-logs",
            ]);
            const settings = stack.ofType("aws:apigateway/methodSettings:MethodSettings").filter((m) => m.parent === GATEWAY);
            expect(settings.length).to.equal(2);
            for (const m of settings) expect(m.dependsOn).to.deep.equal(["aws:apigateway/account:Account::gateway-account"]);
        });
    });

    describe("GatewayWithTiers across configs", () => {
        it("changes the deployment trigger exactly when the body changes", () => {
            const trigger = (s: EvaluatedStack) => s.one("aws:apigateway/deployment:Deployment", "gateway-deployment").inputs.triggers.redeployment;
            const body = (s: EvaluatedStack) => s.one("aws:apigateway/restApi:RestApi", "gateway-api").inputs.body;
            // The two bodies differ (CORS origins), so must their triggers.
            expect(body(stacks.small!)).not.to.equal(body(stacks.large!));
            expect(trigger(stacks.small!)).not.to.equal(trigger(stacks.large!));
        });
    });
});
