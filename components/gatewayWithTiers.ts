import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { API_VERSION, buildOpenApi, methodResource, ROUTE_FUNCTIONS, ROUTES, serialize, type RouteFunction } from "../contract";
import { TIERS, type MethodThrottle, type StackConfig, type Tier } from "../config";
import { names } from "./naming";
import { environmentFor, SecureFunction, type SecureFunctionArgs } from "./secureFunction";
import type { AuthRefs, DataRefs, EdgeRefs, LogGroups } from "./types";
import { GATEWAY_COMPONENT_DEFAULTS } from "./defaults";


export interface GatewayWithTiersArgs {
    /**
     * The validated stack config. Read here: `gateway` (stage, throttles, tiers, API clients, CORS origins,
     * authorizer cache TTL, integration timeout, whether to own the account's CloudWatch role), `lambda` (memory,
     * timeout, and each route function's reserved concurrency), `region` and `prefix`. No default: required.
     */
    config: StackConfig;
    /** The account in the functions' ARNs and the resource policy's conditions. Required. */
    accountId: pulumi.Input<string>;
    /** Log groups Observability pre-created: one per function and the stage's access log. Required. */
    logGroups: LogGroups;
    /** Data stores the route functions read and write; their roles name these exact ARNs. Required. */
    data: DataRefs;
    /** The authorizer that guards the jwt routes; this component grants API Gateway the permission to invoke it. Required. */
    auth: AuthRefs;
    /**
     * The edge's URL and signing key, for the receipt function. A deferred output in index.ts: the edge needs
     * this component's REST API first. Only function environments and roles may depend on it. Required.
     */
    edge: pulumi.Output<EdgeRefs>;
}

/** Stage method-settings key: `~1v1~1orders/POST` (slashes of the resource path escaped as `~1`, as AWS stores it). */
export const methodSettingsPath = (t: Pick<MethodThrottle, "method" | "path">): string => `${t.path.replace(/\//g, "~1")}/${t.method}`;
/** Usage-plan throttle key: `/v1/orders/POST` (resource path as is, then the method). */
export const usagePlanThrottlePath = (t: Pick<MethodThrottle, "method" | "path">): string => `${t.path}/${t.method}`;
/** The ARN API Gateway invokes a route function by, known before the function exists. */
export const routeFunctionArn = (config: Pick<StackConfig, "region" | "prefix">, accountId: string, fn: RouteFunction): string =>
    `arn:aws:lambda:${config.region}:${accountId}:function:${names.function(config.prefix, fn)}`;

/**
 * The REST API's resource policy. Anyone may invoke the token- and key-guarded routes (the authorizer and API keys
 * decide), but it grants nothing on IAM routes: a same-account principal then needs its own IAM permission, and a
 * principal outside this account is denied outright. Resources use API Gateway's `execute-api:/<stage>/<METHOD>/<path>`
 * form, which it expands to this API's ARNs, so the policy can be set when the API is created.
 */
export function resourcePolicy(accountId: pulumi.Input<string>, stageName: string, preflight: boolean): pulumi.Output<string> {
    const open = ROUTES.filter((r) => r.security.kind !== "iam");
    const iam = ROUTES.filter((r) => r.security.kind === "iam");
    // Preflight only where a browser may follow up: never on IAM-only paths.
    const paths = [...new Set(open.map((r) => r.path))];
    const resource = (stage: string, methodAndPath: string) => `execute-api:/${stage}/${methodAndPath}`;
    const allowed = [
        ...open.map((r) => resource(stageName, methodResource(r))),
        ...(preflight ? paths.map((p) => resource(stageName, `OPTIONS${p.replace(/\{[^}]+\}/g, "*")}`)) : []),
    ];
    return pulumi.output(accountId).apply((account) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "InvokeGuardedRoutes", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: [...new Set(allowed)] },
                {
                    Sid: "DenyIamRoutesOutsideAccount",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "execute-api:Invoke",
                    Resource: iam.map((r) => resource("*", methodResource(r))),
                    Condition: { StringNotEquals: { "aws:PrincipalAccount": account } },
                },
            ],
        }),
    );
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * Every coordinate and resource a route function may be given; each function gets only what its manifest names
 * (handlers/<function>.ts `manifest`). KMS: the data key encrypts the table, the buckets and the secrets.
 */
function routeFunctionInputs(data: DataRefs, edge: pulumi.Output<EdgeRefs>, signedUrlTtlSeconds: number) {
    const values: Record<string, pulumi.Input<string>> = {
        TABLE_NAME: data.tableName,
        ASSETS_BUCKET: data.assets.bucket,
        PRIVATE_BUCKET: data.private.bucket,
        DB_CLUSTER_ARN: data.clusterArn,
        DB_SECRET_ARN: data.clusterSecretArn,
        DB_NAME: data.databaseName,
        CURSOR_SECRET_ARN: data.cursorSecretArn,
        SIGNING_KEY_SECRET_ARN: edge.signingSecretArn,
        SIGNING_KEY_PAIR_ID: edge.keyPairId,
        RECEIPTS_BASE_URL: edge.baseUrl,
        RECEIPT_URL_TTL_SECONDS: String(signedUrlTtlSeconds),
        API_VERSION,
    };
    const resources: SecureFunctionArgs["resources"] = {
        table: data.tableArn,
        cluster: data.clusterArn,
        clusterSecret: data.clusterSecretArn,
        cursorSecret: data.cursorSecretArn,
        assetsBucket: data.assets.arn,
        privateBucket: data.private.arn,
        signingKeySecret: edge.signingSecretArn,
        dataKey: data.dataKeyArn,
    };
    return { values, resources };
}

/**
 * The REST API built from the contract, with its functions, stage, method settings, usage plans per tier, API keys
 * and documentation version.
 *
 * The body names route functions by their deterministic ARNs, never by the function resources: the receipt
 * function depends on the edge, the edge on this REST API, so a body that referenced the functions would close a
 * cycle. The deployment (which needs the functions' invoke permissions) comes after all of them.
 */
export class GatewayWithTiers extends pulumi.ComponentResource {
    public readonly restApi: aws.apigateway.RestApi;
    public readonly stage: aws.apigateway.Stage;
    public readonly deployment: aws.apigateway.Deployment;
    public readonly functions: Record<RouteFunction, SecureFunction>;
    public readonly usagePlans: Record<Tier, aws.apigateway.UsagePlan>;
    /** API key id by client name. */
    public readonly apiKeyIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: GatewayWithTiersArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:gateway:GatewayWithTiers", name, {}, opts);
        const { config, logGroups, data, auth } = args;
        const gw = config.gateway;

        const accountId = pulumi.output(args.accountId);
        const inputs = routeFunctionInputs(data, args.edge, config.edge.signedUrlTtlSeconds);

        this.functions = Object.fromEntries(
            ROUTE_FUNCTIONS.map((fn) => {
                const functionName = names.function(config.prefix, fn);
                return [fn, new SecureFunction(`${name}-${fn}`, {
                    handler: fn,
                    prefix: config.prefix,
                    description: `Serves ${ROUTES.filter((r) => r.function === fn).map((r) => `${r.method} ${r.path}`).join(", ")}.`,
                    environment: {
                        ...environmentFor(fn, inputs.values),
                        CORS_ORIGINS: gw.corsOrigins.join(","),
                        POWERTOOLS_SERVICE_NAME: functionName,
                        POWERTOOLS_METRICS_NAMESPACE: GATEWAY_COMPONENT_DEFAULTS.metricsNamespace,
                        LOG_LEVEL: GATEWAY_COMPONENT_DEFAULTS.functionLogLevel,
                    },
                    resources: inputs.resources,
                    region: config.region,
                    logGroup: logGroups.functions[fn],
                    memoryMb: config.lambda.memoryMb,
                    timeoutSeconds: config.lambda.timeoutSeconds,
                    logLevel: config.lambda.logLevel,
                    reservedConcurrency: config.lambda.reservedConcurrency[fn],
                }, { parent: this })];
            }),
        ) as Record<RouteFunction, SecureFunction>;

        const body = pulumi.all([accountId, auth.authorizerArn]).apply(([account, authorizerArn]) =>
            serialize(buildOpenApi({
                aws: {
                    region: config.region,
                    functionArns: Object.fromEntries(ROUTE_FUNCTIONS.map((fn) => [fn, routeFunctionArn(config, account, fn)])) as Record<RouteFunction, string>,
                    authorizer: { functionArn: authorizerArn, resultTtlSeconds: gw.authorizerCacheTtlSeconds },
                    integrationTimeoutMs: gw.integrationTimeoutMs,
                    corsOrigins: gw.corsOrigins,
                },
            })),
        );

        const policy = resourcePolicy(accountId, gw.stageName, gw.corsOrigins.length > 0);
        this.restApi = new aws.apigateway.RestApi(`${name}-api`, {
            name: names.restApi(config.prefix),
            description: `Portcullis API ${API_VERSION}, built from the contract.`,
            body,
            // On the REST API itself, not a separate RestApiPolicy: importing a new body (PutRestApi, overwrite)
            // clears the resource policy, and the provider restores only a policy set here
            // (pulumi/pulumi-aws#4296).
            policy,
            endpointConfiguration: { types: "REGIONAL" },
        }, { parent: this });

        const permissions = ROUTES.map((route) =>
            new aws.lambda.Permission(`${name}-${route.operationId}-invoke`, {
                action: "lambda:InvokeFunction",
                function: this.functions[route.function].name,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${this.restApi.executionArn}/${gw.stageName}/${methodResource(route)}`,
            }, { parent: this }),
        );
        // The body's authorizer carries no credentials role, so API Gateway invokes it as itself, which the
        // function's resource policy must allow; the source ARN admits this API's authorizers only. Here and not in
        // AuthLayer: it needs the REST API's execution ARN, and this component needs AuthLayer's function first.
        permissions.push(new aws.lambda.Permission(`${name}-authorizer-invoke`, {
            action: "lambda:InvokeFunction",
            function: auth.authorizerArn,
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${this.restApi.executionArn}/authorizers/*`,
        }, { parent: this }));

        // A REST API serves nothing new until it is deployed again: hashing the body (and the resource policy,
        // which also takes effect only on deployment) replaces the deployment exactly when the contract changes.
        this.deployment = new aws.apigateway.Deployment(`${name}-deployment`, {
            restApi: this.restApi.id,
            description: `Contract ${API_VERSION}`,
            triggers: { redeployment: body.apply(sha256), resourcePolicy: policy.apply(sha256) },
        }, { parent: this, dependsOn: permissions });

        // One setting per account and region: with two owners, stacks overwrite each other's role and a destroy
        // removes it for every API. By default the bootstrap program owns it (see README, deploy).
        const account = gw.manageAccountCloudWatchRole ? [this.cloudWatchAccount(name, accountId, config.region)] : [];

        // API Gateway creates the execution log group on first use, without retention or encryption; creating it
        // first, before the stage enables logging, gives it both.
        const executionLogs = new aws.cloudwatch.LogGroup(`${name}-execution-logs`, {
            name: this.restApi.id.apply((id) => names.executionLogGroup(id, gw.stageName)),
            retentionInDays: config.observability.logRetentionDays,
            kmsKeyId: logGroups.logsKeyArn,
        }, { parent: this });

        this.stage = new aws.apigateway.Stage(`${name}-stage`, {
            restApi: this.restApi.id,
            deployment: this.deployment.id,
            stageName: gw.stageName,
            description: "The only stage; CloudFront's origin path hides its name.",
            xrayTracingEnabled: true,
            accessLogSettings: { destinationArn: logGroups.apiAccess.arn, format: GATEWAY_COMPONENT_DEFAULTS.accessLogFormat },
        }, { parent: this, dependsOn: [...account, executionLogs] });

        this.methodSettings(name, gw.stageName, gw.throttle, gw.endpointThrottles, account);

        this.usagePlans = Object.fromEntries(
            TIERS.map((tier) => {
                const t = gw.tiers[tier];
                return [tier, new aws.apigateway.UsagePlan(`${name}-plan-${tier}`, {
                    name: `${config.prefix}-${tier}`,
                    description: `${GATEWAY_COMPONENT_DEFAULTS.tierNames[tier]} tier: ${t.throttle.rateLimit} requests/s (burst ${t.throttle.burstLimit}), ${t.quota.limit} per ${t.quota.period.toLowerCase()}.`,
                    apiStages: [{
                        apiId: this.restApi.id,
                        stage: this.stage.stageName,
                        throttles: t.methodThrottles.map((m) => ({ path: usagePlanThrottlePath(m), rateLimit: m.rateLimit, burstLimit: m.burstLimit })),
                    }],
                    throttleSettings: { rateLimit: t.throttle.rateLimit, burstLimit: t.throttle.burstLimit },
                    quotaSettings: { limit: t.quota.limit, period: t.quota.period },
                    tags: { "portcullis:tier": tier },
                }, { parent: this })];
            }),
        ) as Record<Tier, aws.apigateway.UsagePlan>;

        const keys = gw.apiClients.map((client) => {
            // No value: API Gateway generates it, so no key ever sits in config or source.
            const key = new aws.apigateway.ApiKey(`${name}-key-${client.name}`, {
                name: `${config.prefix}-${client.name}`,
                description: `API key of ${client.name} (${GATEWAY_COMPONENT_DEFAULTS.tierNames[client.tier]} tier).`,
                enabled: true,
                tags: { "portcullis:tier": client.tier },
            }, { parent: this });
            new aws.apigateway.UsagePlanKey(`${name}-key-${client.name}`, {
                keyId: key.id,
                keyType: "API_KEY",
                usagePlanId: this.usagePlans[client.tier].id,
            }, { parent: this });
            return { client: client.name, id: key.id };
        });
        this.apiKeyIds = pulumi.all(keys.map((k) => k.id)).apply((ids) => Object.fromEntries(keys.map((k, i) => [k.client, ids[i]])));

        // A documentation version snapshots documentation parts and fails on an API without any; the body
        // carries none (API Gateway imports parts only from x-amazon-apigateway-documentation), so one API-level
        // part is created here.
        const docPart = new aws.apigateway.DocumentationPart(`${name}-doc-api`, {
            restApiId: this.restApi.id,
            location: { type: "API" },
            properties: JSON.stringify({ description: "The Portcullis API: catalog, orders and reports behind API keys and Cognito tokens.", version: API_VERSION }),
        }, { parent: this });
        new aws.apigateway.DocumentationVersion(`${name}-doc-version`, {
            restApiId: this.restApi.id,
            version: API_VERSION,
            description: `Contract ${API_VERSION}`,
        }, { parent: this, dependsOn: [docPart] });

        this.registerOutputs({
            restApiId: this.restApi.id,
            stageName: this.stage.stageName,
            invokeUrl: this.stage.invokeUrl,
            apiKeyIds: this.apiKeyIds,
        });
    }

    /**
     * API Gateway's CloudWatch role. The setting is account-wide (per region): every REST API in this account and
     * region logs through the role set last, to execution-log groups and to access-log groups of any name, so the
     * policy covers this region's log groups of this account and no other. Written inline instead of AWS's
     * AmazonAPIGatewayPushToCloudWatchLogs (every log group everywhere, plus reading log events, which API Gateway
     * never does). Created only with `gateway.manageAccountCloudWatchRole`; otherwise the bootstrap program owns it.
     * Either way the stage needs it: API Gateway refuses access and execution logging without the account's role.
     */
    private cloudWatchAccount(name: string, accountId: pulumi.Output<string>, region: string): aws.apigateway.Account {
        const role = new aws.iam.Role(`${name}-cloudwatch`, {
            description: "API Gateway's account-wide role for execution and access logs (per region).",
            // AWS's documented trust for this role, without conditions: API Gateway assumes it to validate the
            // account setting and to deliver every API's logs.
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, { parent: this });
        const policy = new aws.iam.RolePolicy(`${name}-cloudwatch`, {
            role: role.id,
            policy: accountId.apply((account) => {
                const groups = `arn:aws:logs:${region}:${account}:log-group:*`;
                return JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{
                        Sid: "WriteApiGatewayLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                        Resource: [groups, `${groups}:log-stream:*`],
                    }],
                });
            }),
        }, { parent: this });
        return new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: role.arn }, { parent: this, dependsOn: [policy] });
    }

    /** Stage-wide settings on every method, then one override per configured endpoint (same logging, own throttle). */
    private methodSettings(name: string, stageName: string, stageThrottle: { rateLimit: number; burstLimit: number }, overrides: readonly MethodThrottle[], account: aws.apigateway.Account[]): void {
        const common = { metricsEnabled: true, loggingLevel: GATEWAY_COMPONENT_DEFAULTS.methodLoggingLevel, dataTraceEnabled: false };
        const settings = [
            { id: "all", methodPath: "*/*", throttle: stageThrottle },
            ...overrides.map((t) => ({ id: `${t.method}${t.path}`.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase(), methodPath: methodSettingsPath(t), throttle: t })),
        ];
        for (const s of settings) {
            new aws.apigateway.MethodSettings(`${name}-method-${s.id}`, {
                restApi: this.restApi.id,
                stageName: this.stage.stageName,
                methodPath: s.methodPath,
                settings: { ...common, throttlingRateLimit: s.throttle.rateLimit, throttlingBurstLimit: s.throttle.burstLimit },
            }, { parent: this, dependsOn: account });
        }
    }
}
