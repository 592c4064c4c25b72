import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/schema";
import { keyPolicy, type KeyPolicyStatement } from "./keyPolicies";
import { FUNCTION_KEYS, type FunctionKey } from "../handlers/keys";
import { EDGE_REGION } from "./edgeRegion";
import { names } from "./naming";
import { dashboardBody, dynamoThrottlesQuery } from "./observabilityDashboard";
import type { LogGroupRef, LogGroups } from "./types";


/**
 * Functions that serve traffic, each with its own Errors and Throttles alarms. `migrate` runs only during
 * `pulumi up`, whose failure already reports a failed migration.
 */
export const ALARMED_FUNCTIONS = FUNCTION_KEYS.filter((fn) => fn !== "migrate");

/** Alarm and tracing settings that are not per stack. */
export const OBSERVABILITY_SETTINGS = {
    /** Alarms look at one-minute points and fire when 3 of the last 5 breach: quick, but not on a single blip. */
    alarmPeriodSeconds: 60,
    alarmEvaluationPeriods: 5,
    alarmDatapointsToAlarm: 3,
    /** Any Lambda error or throttle in 3 of 5 minutes pages: the functions retry nothing themselves. */
    lambdaErrorsPerMinute: 1,
    lambdaThrottlesPerMinute: 1,
    /** WAF and DynamoDB spikes are judged over 5-minute sums (WAF's rate rule also counts over 5 minutes). */
    spikePeriodSeconds: 300,
    spikeEvaluationPeriods: 1,
    /** The edge ACL blocks scanners and bots all day; only a burst well above that background is news. */
    wafEdgeBlockedPer5Min: 500,
    /** The regional ACL only blocks requests that bypassed CloudFront: even a few mean someone found the origin. */
    wafRegionalBlockedPer5Min: 20,
    /** On-demand tables throttle only on hot partitions or sudden doubling; a handful in 5 minutes is worth a look. */
    dynamoThrottlesPer5Min: 5,
    /** Aurora capacity alarm at 90% of the configured maximum ACU, sustained for 15 minutes. */
    auroraCapacityFraction: 0.9,
    auroraEvaluationPeriods: 3,
    /** X-Ray rule priority (lower wins); the default rule is 10000. */
    samplingRulePriority: 100,
    /** KMS waiting period before a scheduled deletion when the stack is not protected (30 when it is). */
    unprotectedKeyDeletionDays: 7,
} as const;

/** Key actions CloudWatch Logs needs to encrypt a log group (docs: "Encrypt log data in CloudWatch Logs using KMS"). */
const LOGS_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"];

export interface ObservabilityArgs {
    /** The validated stack config; names come from `config.prefix`, thresholds from `config.observability`. */
    config: StackConfig;
    /** The account the key policies and topic policies admit. Required. */
    accountId: pulumi.Input<string>;
    /** Provider for {@link EDGE_REGION}: the edge WAF's log group, key, alarms and alarm topic live there. Required. */
    edgeProvider: aws.Provider;
}

/** One alarm: a metric (or metric math), a threshold, and why someone is being woken up. */
interface AlarmSpec {
    /** Suffix of the alarm's logical and physical names. */
    key: string;
    /** A full sentence: what is wrong and where to look. */
    description: string;
    threshold: number;
    comparisonOperator: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold";
    /** No traffic produces no points for request metrics, which is not a failure ("notBreaching"). */
    treatMissingData: "notBreaching" | "missing";
    periodSeconds: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    metric?: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic?: string; extendedStatistic?: string };
    metricQueries?: aws.types.input.cloudwatch.MetricAlarmMetricQuery[];
    /** Alarm in us-east-1 (CloudFront and its WAF publish metrics only there), notifying the us-east-1 topic. */
    edge?: boolean;
}

/**
 * Log groups, alarms, the dashboard and X-Ray settings of a stack. Created first: every log group exists before
 * the resource that writes to it, and alarms watch resources by the physical names all components derive from
 * `config.prefix`, so nothing here waits for the resources it watches.
 */
export class Observability extends pulumi.ComponentResource {
    public readonly logGroups: LogGroups;
    /** Encrypts the stack's log groups and alarm topic in the stack's region. */
    public readonly logsKey: aws.kms.Key;
    /** The same for us-east-1 (the edge WAF log group and the edge alarm topic). */
    public readonly edgeLogsKey: aws.kms.Key;
    public readonly alarmTopic: aws.sns.Topic;
    /** Receives alarms on us-east-1 metrics: an alarm action must be in the alarm's region. */
    public readonly edgeAlarmTopic: aws.sns.Topic;
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    public readonly dashboard: aws.cloudwatch.Dashboard;
    public readonly samplingRule: aws.xray.SamplingRule;
    public readonly traceGroup: aws.xray.Group;

    private readonly config: StackConfig;

    constructor(name: string, args: ObservabilityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:observability:Observability", name, {}, opts);
        const { config } = args;
        this.config = config;
        const { prefix, region } = config;
        const accountId = pulumi.output(args.accountId);
        const { edgeProvider } = args;

        // Log group names per region, known up front: the key policies name exactly these log groups.
        const functionLogNames = Object.fromEntries(FUNCTION_KEYS.map((fn) => [fn, names.functionLogGroup(prefix, fn)])) as Record<FunctionKey, string>;
        const regionalLogNames = {
            apiAccess: names.accessLogGroup(prefix),
            wafRegional: names.wafLogGroup(prefix, "regional"),
            rdsPostgres: `/aws/rds/cluster/${names.cluster(prefix)}/postgresql`,
        };
        const edgeLogNames = { wafEdge: names.wafLogGroup(prefix, "edge") };

        // The stage's execution log group is named after the REST API id, unknown until the API exists.
        this.logsKey = this.observabilityKey(`${name}-logs-key`, region, accountId,
            [...Object.values(functionLogNames), ...Object.values(regionalLogNames)], [names.executionLogGroupPattern(config.gateway.stageName)]);
        this.edgeLogsKey = this.observabilityKey(`${name}-edge-logs-key`, EDGE_REGION, accountId, Object.values(edgeLogNames), [], edgeProvider);

        const logGroup = (key: string, logGroupName: string, kmsKey: aws.kms.Key, provider?: aws.Provider): LogGroupRef => {
            const group = new aws.cloudwatch.LogGroup(`${name}-${key}`, {
                name: logGroupName,
                retentionInDays: config.observability.logRetentionDays,
                kmsKeyId: kmsKey.arn,
            }, { parent: this, provider });
            return { name: group.name, arn: group.arn };
        };
        this.logGroups = {
            logsKeyArn: this.logsKey.arn,
            functions: Object.fromEntries(FUNCTION_KEYS.map((fn) => [fn, logGroup(`fn-${fn}`, functionLogNames[fn], this.logsKey)])) as Record<FunctionKey, LogGroupRef>,
            apiAccess: logGroup("api-access", regionalLogNames.apiAccess, this.logsKey),
            wafRegional: logGroup("waf-regional", regionalLogNames.wafRegional, this.logsKey),
            wafEdge: logGroup("waf-edge", edgeLogNames.wafEdge, this.edgeLogsKey, edgeProvider),
            rdsPostgres: logGroup("rds-postgres", regionalLogNames.rdsPostgres, this.logsKey),
        };

        this.alarmTopic = this.topic(`${name}-alarms`, `${prefix}-alarms`, region, accountId, this.logsKey);
        this.edgeAlarmTopic = this.topic(`${name}-edge-alarms`, `${prefix}-edge-alarms`, EDGE_REGION, accountId, this.edgeLogsKey, edgeProvider);

        this.alarms = this.alarmSpecs().map((spec) => this.alarm(name, spec, edgeProvider));

        this.dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            dashboardName: prefix,
            dashboardBody: JSON.stringify(dashboardBody({
                region,
                apiName: names.restApi(prefix),
                stage: config.gateway.stageName,
                functionNames: FUNCTION_KEYS.map((fn) => names.function(prefix, fn)),
                tableName: names.table(prefix),
                clusterId: names.cluster(prefix),
                maxAcu: config.data.maxAcu,
                webAcls: { edge: names.webAcl(prefix, "edge"), regional: names.webAcl(prefix, "regional") },
                accessLogGroup: names.accessLogGroup(prefix),
            })),
        }, { parent: this });

        // API Gateway makes the sampling decision for each request and the functions inherit it, so one rule on
        // the stage sets the rate for the whole trace. X-Ray names an API Gateway stage `<api name>/<stage>`.
        const apiService = `${names.restApi(prefix)}/${config.gateway.stageName}`;
        this.samplingRule = new aws.xray.SamplingRule(`${name}-sampling`, {
            ruleName: `${prefix}-api`,
            priority: OBSERVABILITY_SETTINGS.samplingRulePriority,
            version: 1,
            // One traced request per second, then this fraction of the rest.
            reservoirSize: 1,
            fixedRate: config.observability.traceSampleRate,
            serviceName: apiService,
            serviceType: "AWS::ApiGateway::Stage",
            host: "*",
            httpMethod: "*",
            urlPath: "*",
            resourceArn: "*",
        }, { parent: this });
        this.traceGroup = new aws.xray.Group(`${name}-traces`, {
            groupName: `${prefix}-api`,
            filterExpression: `service("${apiService}")`,
            insightsConfiguration: { insightsEnabled: true, notificationsEnabled: true },
        }, { parent: this });

        this.registerOutputs({
            alarmTopicArn: this.alarmTopic.arn,
            edgeAlarmTopicArn: this.edgeAlarmTopic.arn,
            dashboardName: this.dashboard.dashboardName,
            logsKeyArn: this.logsKey.arn,
        });
    }

    /**
     * A key for the stack's log groups and alarm topic in one region. CloudWatch Logs may use it only for the
     * named log groups (encryption-context condition); CloudWatch alarms may use it to publish to the encrypted
     * topic (the AWS managed `alias/aws/sns` key does not allow CloudWatch, so alarms could not notify).
     */
    private observabilityKey(resourceName: string, keyRegion: string, accountId: pulumi.Output<string>,
        logGroupNames: string[], logGroupPatterns: string[], provider?: aws.Provider): aws.kms.Key {
        const { config } = this;
        return new aws.kms.Key(resourceName, {
            description: `Encrypts the ${config.prefix} log groups and alarm topic in ${keyRegion}.`,
            enableKeyRotation: true,
            deletionWindowInDays: config.protect ? 30 : OBSERVABILITY_SETTINGS.unprotectedKeyDeletionDays,
            policy: accountId.apply((account) => {
                const services: KeyPolicyStatement[] = [
                    {
                        Sid: "CloudWatchLogsEncryptsStackLogGroups",
                        Effect: "Allow",
                        Principal: { Service: `logs.${keyRegion}.amazonaws.com` },
                        Action: LOGS_KEY_ACTIONS,
                        Resource: "*",
                        Condition: {
                            ArnEquals: {
                                "kms:EncryptionContext:aws:logs:arn": logGroupNames.map((n) => `arn:aws:logs:${keyRegion}:${account}:log-group:${n}`),
                            },
                        },
                    },
                    ...(logGroupPatterns.length === 0 ? [] : [<KeyPolicyStatement>{
                        Sid: "CloudWatchLogsEncryptsStageExecutionLogs",
                        Effect: "Allow",
                        Principal: { Service: `logs.${keyRegion}.amazonaws.com` },
                        Action: LOGS_KEY_ACTIONS,
                        Resource: "*",
                        Condition: {
                            ArnLike: {
                                "kms:EncryptionContext:aws:logs:arn": logGroupPatterns.map((n) => `arn:aws:logs:${keyRegion}:${account}:log-group:${n}`),
                            },
                        },
                    }]),
                    {
                        Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                        Resource: "*",
                        Condition: { StringEquals: { "aws:SourceAccount": account } },
                    },
                ];
                return keyPolicy({ accountId: account, region: keyRegion, viaServices: ["logs", "sns"], serviceStatements: services });
            }),
        }, { parent: this, provider, protect: config.protect });
    }

    /** An encrypted alarm topic with one e-mail subscription per recipient, publishable only by the stack's alarms. */
    private topic(resourceName: string, topicName: string, topicRegion: string, accountId: pulumi.Output<string>,
        key: aws.kms.Key, provider?: aws.Provider): aws.sns.Topic {
        const { config } = this;
        const topic = new aws.sns.Topic(resourceName, { name: topicName, kmsMasterKeyId: key.arn }, { parent: this, provider });
        new aws.sns.TopicPolicy(`${resourceName}-policy`, {
            arn: topic.arn,
            policy: pulumi.all([topic.arn, accountId]).apply(([arn, account]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AccountManagesTopic",
                        Effect: "Allow",
                        Principal: { AWS: `arn:aws:iam::${account}:root` },
                        Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
                            "sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
                        Resource: arn,
                    },
                    {
                        Sid: "StackAlarmsPublish",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: arn,
                        Condition: {
                            StringEquals: { "aws:SourceAccount": account },
                            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${topicRegion}:${account}:alarm:${config.prefix}-*` },
                        },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: arn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            })),
        }, { parent: this, provider });
        config.observability.alarmEmails.forEach((email, i) => {
            new aws.sns.TopicSubscription(`${resourceName}-email-${i}`, { topic: topic.arn, protocol: "email", endpoint: email }, { parent: this, provider });
        });
        return topic;
    }

    /** Every alarm of the stack, from config thresholds and the defaults above. */
    private alarmSpecs(): AlarmSpec[] {
        const { config } = this;
        const { prefix } = config;
        const d = OBSERVABILITY_SETTINGS;
        const perMinute = { periodSeconds: d.alarmPeriodSeconds, evaluationPeriods: d.alarmEvaluationPeriods, datapointsToAlarm: d.alarmDatapointsToAlarm };
        const spike = { periodSeconds: d.spikePeriodSeconds, evaluationPeriods: d.spikeEvaluationPeriods, datapointsToAlarm: d.spikeEvaluationPeriods };
        const api = { ApiName: names.restApi(prefix), Stage: config.gateway.stageName };
        const apiMetric = (id: string, metricName: string): aws.types.input.cloudwatch.MetricAlarmMetricQuery => ({
            id, returnData: false, metric: { namespace: "AWS/ApiGateway", metricName, dimensions: api, stat: "Sum", period: d.alarmPeriodSeconds },
        });
        const lambda = (fn: FunctionKey, metricName: "Errors" | "Throttles", threshold: number, what: string): AlarmSpec => ({
            key: `${fn}-${metricName.toLowerCase()}`,
            description: `Lambda function ${names.function(prefix, fn)} reported ${what} in ${d.alarmDatapointsToAlarm} of the last `
                + `${d.alarmEvaluationPeriods} minutes; check its log group ${names.functionLogGroup(prefix, fn)} and its X-Ray traces.`,
            threshold,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            ...perMinute,
            metric: { namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: names.function(prefix, fn) }, statistic: "Sum" },
        });
        const waf = (scope: "edge" | "regional", threshold: number, meaning: string): AlarmSpec => ({
            key: `waf-${scope}-blocked`,
            description: `Web ACL ${names.webAcl(prefix, scope)} blocked more than ${threshold} requests in 5 minutes; ${meaning} `
                + `Its log group ${names.wafLogGroup(prefix, scope)} shows which rule blocked them and from where.`,
            threshold,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            ...spike,
            // CLOUDFRONT-scoped ACLs publish without the Region dimension, and only in us-east-1.
            metric: {
                namespace: "AWS/WAFV2",
                metricName: "BlockedRequests",
                dimensions: scope === "edge"
                    ? { WebACL: names.webAcl(prefix, scope), Rule: "ALL" }
                    : { WebACL: names.webAcl(prefix, scope), Region: config.region, Rule: "ALL" },
                statistic: "Sum",
            },
            edge: scope === "edge",
        });
        const acuThreshold = config.data.maxAcu * d.auroraCapacityFraction;
        return [
            {
                key: "api-5xx-rate",
                description: `More than ${config.observability.errorRatePercent}% of requests to ${names.restApi(prefix)}/${config.gateway.stageName} `
                    + `failed with a 5xx in ${d.alarmDatapointsToAlarm} of the last ${d.alarmEvaluationPeriods} minutes; check the Lambda errors on the dashboard.`,
                threshold: config.observability.errorRatePercent,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                ...perMinute,
                metricQueries: [
                    apiMetric("errors", "5XXError"),
                    apiMetric("requests", "Count"),
                    // IF avoids a division by zero in a quiet minute, which would otherwise leave a gap.
                    { id: "rate", expression: "IF(requests > 0, 100 * errors / requests, 0)", label: "5xx rate (%)", returnData: true },
                ],
            },
            {
                key: "api-p99-latency",
                description: `The p99 latency of ${names.restApi(prefix)}/${config.gateway.stageName} exceeded ${config.observability.p99LatencyMs} ms `
                    + `in ${d.alarmDatapointsToAlarm} of the last ${d.alarmEvaluationPeriods} minutes; compare it with Lambda duration and Aurora capacity.`,
                threshold: config.observability.p99LatencyMs,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                ...perMinute,
                metric: { namespace: "AWS/ApiGateway", metricName: "Latency", dimensions: api, extendedStatistic: "p99" },
            },
            ...ALARMED_FUNCTIONS.flatMap((fn) => [
                lambda(fn, "Errors", d.lambdaErrorsPerMinute, fn === "authorizer" ? "errors, so API Gateway answers 500 to every uncached caller," : "errors"),
                lambda(fn, "Throttles", d.lambdaThrottlesPerMinute, "throttled invocations"),
            ]),
            waf("regional", d.wafRegionalBlockedPer5Min, "requests are reaching the execute-api endpoint without passing through CloudFront."),
            waf("edge", d.wafEdgeBlockedPer5Min, "an attack or a misbehaving client is being stopped at the edge, or a rule is blocking legitimate traffic."),
            {
                key: "dynamodb-throttles",
                description: `Table ${names.table(prefix)} throttled more than ${d.dynamoThrottlesPer5Min} requests in 5 minutes; `
                    + "the dashboard splits them by operation to find the hot partition.",
                threshold: d.dynamoThrottlesPer5Min,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                ...spike,
                metricQueries: [{ id: "throttled", expression: dynamoThrottlesQuery(names.table(prefix)), period: d.spikePeriodSeconds, returnData: true }],
            },
            {
                key: "aurora-capacity",
                description: `Aurora cluster ${names.cluster(prefix)} ran at or above ${acuThreshold} of its ${config.data.maxAcu} maximum ACUs for `
                    + `${d.auroraEvaluationPeriods * 5} minutes; raise data.maxAcu or find the expensive queries in Performance Insights.`,
                threshold: acuThreshold,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                // The cluster reports capacity every minute while it exists; a gap is a monitoring problem, not
                // a capacity one, so the alarm keeps its state instead of guessing.
                treatMissingData: "missing",
                periodSeconds: d.spikePeriodSeconds,
                evaluationPeriods: d.auroraEvaluationPeriods,
                datapointsToAlarm: d.auroraEvaluationPeriods,
                metric: { namespace: "AWS/RDS", metricName: "ServerlessDatabaseCapacity", dimensions: { DBClusterIdentifier: names.cluster(prefix) }, statistic: "Average" },
            },
        ];
    }

    /** A metric alarm notifying the topic of its region on ALARM and on recovery. */
    private alarm(name: string, spec: AlarmSpec, edgeProvider: aws.Provider): aws.cloudwatch.MetricAlarm {
        const topic = spec.edge ? this.edgeAlarmTopic : this.alarmTopic;
        return new aws.cloudwatch.MetricAlarm(`${name}-alarm-${spec.key}`, {
            name: `${this.config.prefix}-${spec.key}`,
            alarmDescription: spec.description,
            comparisonOperator: spec.comparisonOperator,
            threshold: spec.threshold,
            evaluationPeriods: spec.evaluationPeriods,
            datapointsToAlarm: spec.datapointsToAlarm,
            treatMissingData: spec.treatMissingData,
            ...(spec.metric
                ? {
                    namespace: spec.metric.namespace,
                    metricName: spec.metric.metricName,
                    dimensions: spec.metric.dimensions,
                    statistic: spec.metric.statistic,
                    extendedStatistic: spec.metric.extendedStatistic,
                    // A percentile over a handful of requests is one request's latency: wait for enough samples.
                    evaluateLowSampleCountPercentiles: spec.metric.extendedStatistic === undefined ? undefined : "ignore",
                    period: spec.periodSeconds,
                }
                : { metricQueries: spec.metricQueries }),
            alarmActions: [topic.arn],
            okActions: [topic.arn],
        }, { parent: this, provider: spec.edge ? edgeProvider : undefined });
    }
}
