import type { FunctionKey } from "../handlers";

/**
 * Physical names the components agree on before the resources exist. Observability creates log groups and
 * alarms for functions, the API and the web ACLs by these names while the other components create the resources
 * themselves, so neither has to wait for the other. Names are derived from the stack prefix only, so two stacks
 * in one account never collide.
 */
export const names = {
    function: (prefix: string, fn: FunctionKey) => `${prefix}-${fn}`,
    functionLogGroup: (prefix: string, fn: FunctionKey) => `/aws/lambda/${prefix}-${fn}`,
    restApi: (prefix: string) => `${prefix}-api`,
    accessLogGroup: (prefix: string) => `/aws/apigateway/${prefix}-api/access`,
    executionLogGroup: (restApiId: string, stage: string) => `API-Gateway-Execution-Logs_${restApiId}/${stage}`,
    /** The execution log groups of every REST API's `stage` in the account, for key policies written before the API exists. */
    executionLogGroupPattern: (stage: string) => `API-Gateway-Execution-Logs_*/${stage}`,
    /** WAF requires log group names that start with `aws-waf-logs-`. */
    wafLogGroup: (prefix: string, scope: "edge" | "regional") => `aws-waf-logs-${prefix}-${scope}`,
    webAcl: (prefix: string, scope: "edge" | "regional") => `${prefix}-${scope}`,
    table: (prefix: string) => `${prefix}-catalog`,
    cluster: (prefix: string) => `${prefix}-orders`,
    databaseName: "portcullis",
} as const;

/** Header CloudFront adds on every origin request; the regional web ACL blocks requests without it. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
