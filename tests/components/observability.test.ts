import { expect } from "chai";
import { ALARMED_FUNCTIONS, Observability, OBSERVABILITY_SETTINGS } from "../../components/observability";
import { FUNCTION_KEYS } from "../../handlers/keys";
import { dashboardBody, type DashboardInput, type MetricWidget } from "../../components/observabilityDashboard";
import { names } from "../../components/naming";
import { ROUTE_FUNCTIONS } from "../../contract";
import { ACCOUNT } from "../../harness/mocks";
import type { CapturedResource } from "../../harness/evaluate";
import { componentView, countByType, EDGE_PROVIDER, evaluateCases, TEST_PREFIX, TEST_REGION, testConfig, testEdgeProvider } from "./support";

const COMPONENT = "portcullis:observability:Observability::observability";
const REGION = TEST_REGION;

/** Two configs: an unprotected stack with one address, and a protected one with two and tighter thresholds. */
const CASES = {
    unprotected: { retention: 30, emails: ["dev-alerts@example.com"], protect: false, deletionWindow: 7, errorRate: 5, p99: 3000, maxAcu: 2, sampleRate: 0.1 },
    protected: {
        retention: 365, emails: ["oncall@portcullis.example.com", "platform@portcullis.example.com"], protect: true, deletionWindow: 30,
        errorRate: 1, p99: 1500, maxAcu: 16, sampleRate: 0.05,
    },
} as const;
type CaseName = keyof typeof CASES;

/** Observability alone, configured from a case; the edge provider made as index.ts makes it. */
function build(want: (typeof CASES)[CaseName]) {
    return () => {
        const config = testConfig({
            protect: want.protect,
            data: { maxAcu: want.maxAcu },
            observability: {
                logRetentionDays: want.retention, alarmEmails: want.emails, errorRatePercent: want.errorRate, p99LatencyMs: want.p99, traceSampleRate: want.sampleRate,
            },
        });
        new Observability("observability", { config, accountId: ACCOUNT, edgeProvider: testEdgeProvider() });
        return {};
    };
}

const logArn = (region: string, name: string) => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`;
/**
 * ARNs as the mocks compute them: always in the stack's region, whatever the provider. That a us-east-1 resource
 * really is there is asserted through its `provider`.
 */
const mockKeyArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${name}`;
const mockTopicArn = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;

describe("Observability", function () {
    const stacks = evaluateCases({ unprotected: build(CASES.unprotected), protected: build(CASES.protected) });

    it("pins its defaults", () => {
        expect(OBSERVABILITY_SETTINGS).to.deep.equal({
            alarmPeriodSeconds: 60, alarmEvaluationPeriods: 5, alarmDatapointsToAlarm: 3, lambdaErrorsPerMinute: 1, lambdaThrottlesPerMinute: 1,
            spikePeriodSeconds: 300, spikeEvaluationPeriods: 1, wafEdgeBlockedPer5Min: 500, wafRegionalBlockedPer5Min: 20,
            dynamoThrottlesPer5Min: 5, auroraCapacityFraction: 0.9, auroraEvaluationPeriods: 3, samplingRulePriority: 100,
            unprotectedKeyDeletionDays: 7,
        });
        expect([...FUNCTION_KEYS].sort()).to.deep.equal([...ROUTE_FUNCTIONS, "authorizer", "migrate", "preTokenGeneration"].sort());
        expect(ALARMED_FUNCTIONS).to.not.include("migrate");
        expect(ALARMED_FUNCTIONS).to.have.length(FUNCTION_KEYS.length - 1);
    });

    for (const caseName of Object.keys(CASES) as CaseName[]) {
        describe(caseName, () => {
            const want = CASES[caseName];
            const prefix = TEST_PREFIX;
            const view = componentView(stacks, caseName, COMPONENT);
            const { ofType, named } = view;

            it("creates exactly its resources, every one parented to the component", () => {
                expect(countByType(view.mine)).to.deep.equal({
                    "aws:kms/key:Key": 2,
                    "aws:cloudwatch/logGroup:LogGroup": FUNCTION_KEYS.length + 4,
                    "aws:sns/topic:Topic": 2,
                    "aws:sns/topicPolicy:TopicPolicy": 2,
                    "aws:sns/topicSubscription:TopicSubscription": 2 * want.emails.length,
                    "aws:cloudwatch/metricAlarm:MetricAlarm": 2 + 2 * ALARMED_FUNCTIONS.length + 2 + 1 + 1,
                    "aws:cloudwatch/dashboard:Dashboard": 1,
                    "aws:xray/samplingRule:SamplingRule": 1,
                    "aws:xray/group:Group": 1,
                });
                // Nothing of the component hides below another child.
                const observabilityNames = new Set(view.mine.map((r) => `${r.type}::${r.name}`));
                expect(view.stack.resources.filter((r) => r.parent !== undefined && observabilityNames.has(r.parent))).to.deep.equal([]);
                expect(named("pulumi:providers:aws", "us-east-1").inputs.region).to.equal("us-east-1");
            });

            it("creates every log group by its shared name, with the stack's retention and the key of its region", () => {
                const groups = ofType("aws:cloudwatch/logGroup:LogGroup");
                const edgeGroup = names.wafLogGroup(prefix, "edge");
                expect(groups.map((g) => g.inputs.name).sort()).to.deep.equal([
                    ...FUNCTION_KEYS.map((fn) => names.functionLogGroup(prefix, fn)),
                    names.accessLogGroup(prefix),
                    names.wafLogGroup(prefix, "regional"),
                    edgeGroup,
                    `/aws/rds/cluster/${names.cluster(prefix)}/postgresql`,
                ].sort());
                for (const g of groups) {
                    expect(g.inputs.retentionInDays, g.name).to.equal(want.retention);
                    const edge = g.inputs.name === edgeGroup;
                    expect(g.inputs.kmsKeyId, g.name).to.equal(mockKeyArn(edge ? "observability-edge-logs-key" : "observability-logs-key"));
                    expect(g.provider, g.name).to.equal(edge ? EDGE_PROVIDER : undefined);
                }
            });

            it("encrypts logs and alarms with rotating keys whose policies name the exact log groups and no wildcard action", () => {
                for (const [keyName, region, provider] of [["observability-logs-key", REGION, undefined], ["observability-edge-logs-key", "us-east-1", EDGE_PROVIDER]] as const) {
                    const key = named("aws:kms/key:Key", keyName);
                    expect(key.inputs.enableKeyRotation).to.equal(true);
                    expect(key.inputs.deletionWindowInDays).to.equal(want.deletionWindow);
                    expect(key.protect).to.equal(want.protect);
                    expect(key.provider).to.equal(provider);
                    const statements: any[] = JSON.parse(key.inputs.policy).Statement;
                    const regional = provider === undefined;
                    expect(statements.map((s) => s.Sid)).to.deep.equal([
                        "AccountAdministersKey", "AccountUsesKeyThroughServices", "CloudWatchLogsEncryptsStackLogGroups",
                        ...(regional ? ["CloudWatchLogsEncryptsStageExecutionLogs"] : []), "CloudWatchAlarmsPublishToEncryptedTopic",
                    ]);
                    for (const s of statements) {
                        expect(s.Effect).to.equal("Allow");
                        expect([].concat(s.Action).filter((a: string) => a === "*" || a.endsWith(":*")), s.Sid).to.deep.equal([]);
                    }
                    expect(statements[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
                    expect(statements[0].Condition).to.equal(undefined);
                    expect(statements[0].Action).to.not.include("kms:Decrypt");
                    expect(statements[1].Condition).to.deep.equal({
                        StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": [`logs.${region}.amazonaws.com`, `sns.${region}.amazonaws.com`] },
                    });
                    expect(statements[2].Principal).to.deep.equal({ Service: `logs.${region}.amazonaws.com` });
                    const regionGroups = ofType("aws:cloudwatch/logGroup:LogGroup").filter((g) => g.provider === provider).map((g) => logArn(region, g.inputs.name));
                    expect(statements[2].Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"].sort()).to.deep.equal(regionGroups.sort());
                    if (regional) {
                        // The stage's execution log group is named after the REST API id, unknown when the key is made.
                        expect(statements[3]).to.deep.include({
                            Principal: { Service: `logs.${region}.amazonaws.com` },
                            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": [logArn(region, "API-Gateway-Execution-Logs_*/live")] } },
                        });
                    }
                    expect(statements[regional ? 4 : 3]).to.deep.include({
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                    });
                }
            });

            it("sends alarms to an encrypted topic per region, subscribed by every configured address, publishable only by the stack's alarms", () => {
                for (const [topicName, region, keyName, provider] of [
                    [`${prefix}-alarms`, REGION, "observability-logs-key", undefined],
                    [`${prefix}-edge-alarms`, "us-east-1", "observability-edge-logs-key", EDGE_PROVIDER],
                ] as const) {
                    const topic = ofType("aws:sns/topic:Topic").find((t) => t.inputs.name === topicName)!;
                    expect(topic.inputs.kmsMasterKeyId).to.equal(mockKeyArn(keyName));
                    expect(topic.provider).to.equal(provider);
                    const topicArn = mockTopicArn(topicName);
                    const subscriptions = ofType("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.topic === topicArn);
                    expect(subscriptions.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.provider])).to.deep.equal(want.emails.map((e) => ["email", e, provider]));
                    const policy = ofType("aws:sns/topicPolicy:TopicPolicy").find((p) => p.inputs.arn === topicArn)!;
                    const statements: any[] = JSON.parse(policy.inputs.policy).Statement;
                    expect(statements.find((s) => s.Sid === "StackAlarmsPublish")).to.deep.equal({
                        Sid: "StackAlarmsPublish", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn,
                        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${prefix}-*` } },
                    });
                    expect(statements.find((s) => s.Sid === "DenyInsecureTransport")).to.deep.include({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
                    expect(statements.flatMap((s) => [].concat(s.Action)).filter((a: string) => a.endsWith("*"))).to.deep.equal([]);
                }
            });

            describe("alarms", () => {
                let alarms: Record<string, CapturedResource>;
                before(() => {
                    alarms = Object.fromEntries(ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.inputs.name.slice(prefix.length + 1), a]));
                });

                it("exist for the API, every serving function, both web ACLs, the table and the cluster", () => {
                    expect(Object.keys(alarms).sort()).to.deep.equal([
                        "api-5xx-rate", "api-p99-latency",
                        ...ALARMED_FUNCTIONS.flatMap((fn) => [`${fn}-errors`, `${fn}-throttles`]),
                        "waf-regional-blocked", "waf-edge-blocked", "dynamodb-throttles", "aurora-capacity",
                    ].sort());
                    expect(Object.keys(alarms)).to.include.members(["authorizer-errors", "preTokenGeneration-errors"]);
                });

                it("notify the topic of their own region on ALARM and OK, with a full-sentence description", () => {
                    for (const [key, alarm] of Object.entries(alarms)) {
                        const edge = key === "waf-edge-blocked";
                        const topic = mockTopicArn(`${prefix}-${edge ? "edge-alarms" : "alarms"}`);
                        expect(alarm.inputs.alarmActions, key).to.deep.equal([topic]);
                        expect(alarm.inputs.okActions, key).to.deep.equal([topic]);
                        expect(alarm.provider, key).to.equal(edge ? EDGE_PROVIDER : undefined);
                        expect(alarm.inputs.alarmDescription, key).to.match(/^[A-Z].{40,}\.$/);
                        expect(alarm.inputs.treatMissingData, key).to.equal(key === "aurora-capacity" ? "missing" : "notBreaching");
                    }
                });

                it("compute the API 5xx rate with metric math on the shared API name and stage, against the configured percentage", () => {
                    const alarm = alarms["api-5xx-rate"].inputs;
                    expect(alarm).to.deep.include({ threshold: want.errorRate, comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 5, datapointsToAlarm: 3 });
                    expect(alarm.metricName).to.equal(undefined);
                    const dimensions = { ApiName: names.restApi(prefix), Stage: "live" };
                    expect(alarm.metricQueries).to.deep.equal([
                        { id: "errors", returnData: false, metric: { namespace: "AWS/ApiGateway", metricName: "5XXError", dimensions, stat: "Sum", period: 60 } },
                        { id: "requests", returnData: false, metric: { namespace: "AWS/ApiGateway", metricName: "Count", dimensions, stat: "Sum", period: 60 } },
                        { id: "rate", expression: "IF(requests > 0, 100 * errors / requests, 0)", label: "5xx rate (%)", returnData: true },
                    ]);
                });

                it("watch p99 latency against the configured bound, ignoring percentiles of too few requests", () => {
                    expect(alarms["api-p99-latency"].inputs).to.deep.include({
                        namespace: "AWS/ApiGateway", metricName: "Latency", extendedStatistic: "p99",
                        evaluateLowSampleCountPercentiles: "ignore", threshold: want.p99, period: 60,
                        dimensions: { ApiName: names.restApi(prefix), Stage: "live" },
                    });
                    expect(alarms["api-p99-latency"].inputs.statistic).to.equal(undefined);
                });

                it("page on any error or throttle of a serving function", () => {
                    for (const fn of ALARMED_FUNCTIONS) {
                        for (const metric of ["Errors", "Throttles"]) {
                            expect(alarms[`${fn}-${metric.toLowerCase()}`].inputs, `${fn} ${metric}`).to.deep.include({
                                namespace: "AWS/Lambda", metricName: metric, statistic: "Sum", period: 60, threshold: 1,
                                comparisonOperator: "GreaterThanOrEqualToThreshold", dimensions: { FunctionName: names.function(prefix, fn) },
                            });
                        }
                    }
                });

                it("watch WAF blocks of the regional ACL in the region and of the edge ACL in us-east-1, without the Region dimension", () => {
                    expect(alarms["waf-regional-blocked"].inputs).to.deep.include({
                        namespace: "AWS/WAFV2", metricName: "BlockedRequests", period: 300, threshold: 20,
                        dimensions: { WebACL: names.webAcl(prefix, "regional"), Region: REGION, Rule: "ALL" },
                    });
                    expect(alarms["waf-edge-blocked"].inputs).to.deep.include({
                        namespace: "AWS/WAFV2", metricName: "BlockedRequests", period: 300, threshold: 500,
                        dimensions: { WebACL: names.webAcl(prefix, "edge"), Rule: "ALL" },
                    });
                });

                it("sum DynamoDB ThrottledRequests over every operation of the table", () => {
                    expect(alarms["dynamodb-throttles"].inputs.metricQueries).to.deep.equal([{
                        id: "throttled", period: 300, returnData: true,
                        expression: `SELECT SUM(ThrottledRequests) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = '${names.table(prefix)}'`,
                    }]);
                });

                it("raise Aurora capacity at 90% of the configured maximum ACU for 15 minutes", () => {
                    expect(alarms["aurora-capacity"].inputs).to.deep.include({
                        namespace: "AWS/RDS", metricName: "ServerlessDatabaseCapacity", statistic: "Average", period: 300,
                        evaluationPeriods: 3, datapointsToAlarm: 3, threshold: want.maxAcu * 0.9,
                        dimensions: { DBClusterIdentifier: names.cluster(prefix) },
                    });
                });
            });

            it("names the dashboard after the stack and builds its body from the shared names", () => {
                const dashboard = named("aws:cloudwatch/dashboard:Dashboard", "observability-dashboard");
                expect(dashboard.inputs.dashboardName).to.equal(prefix);
                const body = JSON.parse(dashboard.inputs.dashboardBody);
                expect(body.widgets).to.have.length(12);
                const aurora = body.widgets.find((w: any) => w.properties.title === "Aurora capacity (ACU)");
                expect(aurora.properties.annotations).to.deep.equal({ horizontal: [{ label: "max ACU", value: want.maxAcu }] });
                expect(JSON.stringify(body)).to.include(`"FunctionName","${names.function(prefix, "migrate")}"`);
            });

            it("samples one request a second plus the configured fraction on the stage, and groups the API's traces with insights", () => {
                const service = `${names.restApi(prefix)}/live`;
                const rule = named("aws:xray/samplingRule:SamplingRule", "observability-sampling").inputs;
                expect(rule).to.deep.include({
                    ruleName: `${prefix}-api`, reservoirSize: 1, fixedRate: want.sampleRate, serviceName: service,
                    serviceType: "AWS::ApiGateway::Stage", priority: 100, version: 1,
                });
                expect(rule.ruleName.length).to.be.at.most(32);
                const group = named("aws:xray/group:Group", "observability-traces").inputs;
                expect(group).to.deep.equal({
                    groupName: `${prefix}-api`, filterExpression: `service("${service}")`,
                    insightsConfiguration: { insightsEnabled: true, notificationsEnabled: true },
                });
            });
        });
    }
});

describe("dashboardBody", () => {
    const input: DashboardInput = {
        region: "eu-west-1",
        apiName: "p-api",
        stage: "live",
        functionNames: ["p-health", "p-authorizer"],
        tableName: "p-catalog",
        clusterId: "p-orders",
        maxAcu: 4,
        webAcls: { edge: "p-edge", regional: "p-regional" },
        accessLogGroup: "/aws/apigateway/p-api/access",
    };
    const body = dashboardBody(input);
    const widget = (title: string) => {
        const found = body.widgets.find((w) => w.properties.title === title);
        expect(found, title).to.not.equal(undefined);
        return found!;
    };
    const metrics = (title: string) => (widget(title) as MetricWidget).properties.metrics;

    it("shows every view the runbook needs, in order", () => {
        expect(body.widgets.map((w) => w.properties.title)).to.deep.equal([
            "API requests", "API 4xx responses (including 429 throttling)", "API 5xx responses", "API latency (ms)",
            "Throttled requests (429) by API key and cause (access log)", "WAF blocked requests",
            "Lambda errors", "Lambda duration p99 (ms)", "Lambda throttles", "Lambda concurrent executions",
            "DynamoDB throttled requests by operation", "Aurora capacity (ACU)",
        ]);
    });

    it("lays widgets out two per row on the 24-column grid without overlap", () => {
        body.widgets.forEach((w, i) => {
            expect([w.x, w.y, w.width, w.height], w.properties.title).to.deep.equal([(i % 2) * 12, Math.floor(i / 2) * 6, 12, 6]);
        });
    });

    it("graphs the API by ApiName and Stage, with p50 and p99 latency", () => {
        expect(metrics("API requests")).to.deep.equal([["AWS/ApiGateway", "Count", "ApiName", "p-api", "Stage", "live", { label: "requests" }]]);
        expect(metrics("API latency (ms)").map((m) => m[m.length - 1])).to.deep.equal([{ stat: "p50", label: "p50" }, { stat: "p99", label: "p99" }]);
    });

    it("counts 429s per API key from the access log, and reads the edge ACL's metrics in us-east-1", () => {
        expect(widget("Throttled requests (429) by API key and cause (access log)").properties).to.deep.include({
            query: `SOURCE '/aws/apigateway/p-api/access' | filter status = 429 or status = "429" | stats count(*) as refused by apiKeyId, errorResponseType | sort refused desc | limit 50`,
            view: "table",
        });
        expect(metrics("WAF blocked requests")).to.deep.equal([
            ["AWS/WAFV2", "BlockedRequests", "WebACL", "p-edge", "Rule", "ALL", { region: "us-east-1", label: "edge (CloudFront)" }],
            ["AWS/WAFV2", "BlockedRequests", "WebACL", "p-regional", "Region", "eu-west-1", "Rule", "ALL", { label: "regional (stage)" }],
        ]);
    });

    it("draws one line per function for each Lambda metric", () => {
        expect(metrics("Lambda concurrent executions")).to.deep.equal([
            ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", "p-health", { label: "p-health" }],
            ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", "p-authorizer", { label: "p-authorizer" }],
        ]);
        expect((widget("Lambda duration p99 (ms)") as MetricWidget).properties.stat).to.equal("p99");
    });

    it("splits DynamoDB throttles by operation and marks the Aurora ceiling", () => {
        expect(metrics("DynamoDB throttled requests by operation")).to.deep.equal([[{
            id: "throttled", label: "throttled",
            expression: `SELECT SUM(ThrottledRequests) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = 'p-catalog' GROUP BY Operation`,
        }]]);
        expect((widget("Aurora capacity (ACU)") as MetricWidget).properties.annotations).to.deep.equal({ horizontal: [{ label: "max ACU", value: 4 }] });
    });
});
