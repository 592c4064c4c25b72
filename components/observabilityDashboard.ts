import { EDGE_REGION } from "./edgeRegion";

/**
 * The CloudWatch dashboard of a stack, as a pure function of physical names: no resources, no Outputs, so it is
 * tested directly and the component only stringifies it.
 */

/** Names the dashboard watches; every one is known before the resources exist (components/naming.ts). */
export interface DashboardInput {
    region: string;
    /** REST API name and stage: API Gateway publishes metrics by ApiName and Stage. */
    apiName: string;
    stage: string;
    /** Physical names of every Lambda function, in display order. */
    functionNames: string[];
    tableName: string;
    clusterId: string;
    /** Aurora Serverless v2 ceiling, drawn as a line on the capacity graph. */
    maxAcu: number;
    /** Web ACL names (WAF publishes the edge ACL's metrics in us-east-1 only). */
    webAcls: { edge: string; regional: string };
    /** The stage's JSON access log group, which the throttling view queries. */
    accessLogGroup: string;
}

/** A metric line in CloudWatch's array form: namespace, name, dimension pairs, then optional rendering options. */
export type MetricLine = (string | MetricOptions)[];
export interface MetricOptions {
    stat?: string;
    label?: string;
    region?: string;
    expression?: string;
    id?: string;
}

interface Placement {
    x: number;
    y: number;
    width: number;
    height: number;
}

export interface MetricWidget extends Placement {
    type: "metric";
    properties: {
        title: string;
        region: string;
        view: "timeSeries";
        stacked: false;
        period: number;
        stat: string;
        metrics: MetricLine[];
        annotations?: { horizontal: { label: string; value: number }[] };
    };
}

export interface LogWidget extends Placement {
    type: "log";
    properties: { title: string; region: string; view: "table"; query: string };
}

export type Widget = MetricWidget | LogWidget;

export interface DashboardBody {
    widgets: Widget[];
}

/** Layout and granularity of the dashboard. */
export const DASHBOARD_DEFAULTS = {
    /** Two widgets per row on CloudWatch's 24-column grid. */
    columns: 2,
    widgetWidth: 12,
    widgetHeight: 6,
    /** One-minute points: API Gateway, Lambda and WAF all publish per minute. */
    periodSeconds: 60,
} as const;

type Unplaced<W> = W extends Widget ? Omit<W, keyof Placement> : never;

/** A metric widget over `metrics`, with the statistic every line uses unless it overrides it. */
function metricWidget(title: string, region: string, stat: string, metrics: MetricLine[],
    annotations?: MetricWidget["properties"]["annotations"]): Unplaced<MetricWidget> {
    return {
        type: "metric",
        properties: { title, region, view: "timeSeries", stacked: false, period: DASHBOARD_DEFAULTS.periodSeconds, stat, metrics, annotations },
    };
}

/** One line per function for a Lambda metric, labelled with the function's name. */
function perFunction(metricName: string, functionNames: string[]): MetricLine[] {
    return functionNames.map((fn) => ["AWS/Lambda", metricName, "FunctionName", fn, { label: fn }]);
}

/**
 * The dashboard body: requests, 4xx, 5xx, latency, throttling, WAF blocks, Lambda errors, duration, throttles and
 * concurrency, DynamoDB throttles and Aurora capacity, two per row.
 */
export function dashboardBody(input: DashboardInput): DashboardBody {
    const api = ["ApiName", input.apiName, "Stage", input.stage];
    const unplaced: Unplaced<Widget>[] = [
        metricWidget("API requests", input.region, "Sum", [["AWS/ApiGateway", "Count", ...api, { label: "requests" }]]),
        // 4XXError includes the 429s of stage, method and usage-plan throttles and quotas: API Gateway has no
        // separate throttling metric, so the access-log view below splits 429s out by API key.
        metricWidget("API 4xx responses (including 429 throttling)", input.region, "Sum", [["AWS/ApiGateway", "4XXError", ...api, { label: "4xx" }]]),
        metricWidget("API 5xx responses", input.region, "Sum", [["AWS/ApiGateway", "5XXError", ...api, { label: "5xx" }]]),
        metricWidget("API latency (ms)", input.region, "p99", [
            ["AWS/ApiGateway", "Latency", ...api, { stat: "p50", label: "p50" }],
            ["AWS/ApiGateway", "Latency", ...api, { stat: "p99", label: "p99" }],
        ]),
        {
            type: "log",
            // Usage plans publish no metrics; each 429 in the access log names the API key (the client and its
            // tier) and the gateway response that refused it: THROTTLED (rate) or QUOTA_EXCEEDED (quota).
            properties: {
                title: "Throttled requests (429) by API key and cause (access log)",
                region: input.region,
                view: "table",
                query: `SOURCE '${input.accessLogGroup}' | filter status = 429 or status = "429"`
                    + " | stats count(*) as refused by apiKeyId, errorResponseType | sort refused desc | limit 50",
            },
        },
        metricWidget("WAF blocked requests", input.region, "Sum", [
            ["AWS/WAFV2", "BlockedRequests", "WebACL", input.webAcls.edge, "Rule", "ALL", { region: EDGE_REGION, label: "edge (CloudFront)" }],
            ["AWS/WAFV2", "BlockedRequests", "WebACL", input.webAcls.regional, "Region", input.region, "Rule", "ALL", { label: "regional (stage)" }],
        ]),
        metricWidget("Lambda errors", input.region, "Sum", perFunction("Errors", input.functionNames)),
        metricWidget("Lambda duration p99 (ms)", input.region, "p99", perFunction("Duration", input.functionNames)),
        metricWidget("Lambda throttles", input.region, "Sum", perFunction("Throttles", input.functionNames)),
        metricWidget("Lambda concurrent executions", input.region, "Maximum", perFunction("ConcurrentExecutions", input.functionNames)),
        metricWidget("DynamoDB throttled requests by operation", input.region, "Sum", [[{
            id: "throttled",
            expression: dynamoThrottlesQuery(input.tableName, true),
            label: "throttled",
        }]]),
        metricWidget("Aurora capacity (ACU)", input.region, "Maximum", [
            ["AWS/RDS", "ServerlessDatabaseCapacity", "DBClusterIdentifier", input.clusterId, { label: "capacity" }],
        ], { horizontal: [{ label: "max ACU", value: input.maxAcu }] }),
    ];
    const { columns, widgetWidth: width, widgetHeight: height } = DASHBOARD_DEFAULTS;
    return {
        widgets: unplaced.map((w, i) => ({ ...w, x: (i % columns) * width, y: Math.floor(i / columns) * height, width, height }) as Widget),
    };
}

/**
 * A Metrics Insights query summing `ThrottledRequests` over every operation of one table. DynamoDB publishes
 * ThrottledRequests only per (TableName, Operation); the query adds them up so one alarm covers all operations.
 */
export function dynamoThrottlesQuery(tableName: string, byOperation = false): string {
    return `SELECT SUM(ThrottledRequests) FROM SCHEMA("AWS/DynamoDB", Operation, TableName) WHERE TableName = '${tableName}'`
        + (byOperation ? " GROUP BY Operation" : "");
}
