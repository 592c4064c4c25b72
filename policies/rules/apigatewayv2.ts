/**
 * HTTP and WebSocket API rules (`aws.apigatewayv2`; AWSGuard has none, checkov CKV_AWS_76/309, cdk-nag APIG1).
 * REST API rules are in apigateway.ts and apigateway-restapi.ts.
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { refersTo } from "../lib/links";
import { asRecord, known, present } from "../lib/values";

/** An HTTP API route key: `ANY /{proxy+}`, `GET /items`, ... (WebSocket keys are `$connect` or an action name). */
const HTTP_ROUTE_KEY = /^[A-Z]+ \//;

/** The protocol of the route's API when the stack holds it (`HTTP` or `WEBSOCKET`), else undefined. */
function protocolOf(route: PolicyResource, resources: PolicyResource[]): string | undefined {
    const api = resources.find((r) => r.isType(aws.apigatewayv2.Api) && refersTo(route, "apiId", r, ["id", "apiId"]));
    const protocol = api ? known(api.props, "protocolType") : undefined;
    return typeof protocol === "string" ? protocol : undefined;
}

/**
 * True when API Gateway lets the route carry an authorizer and it should: every HTTP API route but CORS
 * preflight, and a WebSocket API's `$connect` (the only WebSocket route that accepts one; the connection it
 * authorizes carries every later message). `$default` belongs to both kinds, so it counts when the API is known
 * to be HTTP.
 */
function needsAuthorization(routeKey: string, protocol: () => string | undefined): boolean {
    if (routeKey.startsWith("OPTIONS ")) {
        return false;
    }
    if (routeKey === "$connect") {
        return true;
    }
    return HTTP_ROUTE_KEY.test(routeKey) || (routeKey === "$default" && protocol() === "HTTP");
}

/** A route without authorization is open to anyone who finds the API's URL. */
export const apigatewayv2RouteMissingAuthorization: StackValidationPolicy = {
    name: "apigatewayv2-route-missing-authorization",
    description: "HTTP API routes other than OPTIONS, and WebSocket $connect routes, must use a JWT, Lambda or IAM authorizer.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Set the route's `authorizationType` to JWT, CUSTOM or AWS_IAM with an `authorizerId` (WebSocket: on `$connect`).",
    validateStack: (args, reportViolation) => {
        for (const route of args.resources.filter((r) => r.isType(aws.apigatewayv2.Route))) {
            const routeKey = known(route.props, "routeKey");
            const authorization = known(route.props, "authorizationType") ?? "NONE";
            if (typeof routeKey === "string" && authorization === "NONE" && needsAuthorization(routeKey, () => protocolOf(route, args.resources))) {
                reportViolation(`API Gateway v2 route '${route.name}' (${routeKey}) has \`authorizationType\` NONE. `
                    + "Set `authorizationType` to JWT, CUSTOM or AWS_IAM with an `authorizerId`.", route.urn);
            }
        }
    },
};

/** Without access logs nobody can tell who called the API, nor investigate abuse. */
export const apigatewayv2StageMissingAccessLogs: ResourceValidationPolicy = {
    name: "apigatewayv2-stage-missing-access-logs",
    description: "HTTP and WebSocket API stages must write access logs to a CloudWatch log group.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set the stage's `accessLogSettings` with `destinationArn` (a log group) and a `format`.",
    validateResource: validateResourceOfType(aws.apigatewayv2.Stage, (stage, args, reportViolation) => {
        if (!present(asRecord(known(stage, "accessLogSettings")), "destinationArn")) {
            reportViolation(`API Gateway v2 stage '${args.name}' has no \`accessLogSettings.destinationArn\`. `
                + "Set `accessLogSettings: { destinationArn: logGroup.arn, format }`.");
        }
    }),
};

/** Without stage limits one caller can spend the whole account's API Gateway quota and the backend's capacity. */
export const apigatewayv2StageConfigureDefaultThrottling: ResourceValidationPolicy = {
    name: "apigatewayv2-stage-configure-default-throttling",
    description: "HTTP and WebSocket API stages must set a default route rate and burst limit.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `defaultRouteSettings.throttlingRateLimit` and `throttlingBurstLimit` on the stage.",
    validateResource: validateResourceOfType(aws.apigatewayv2.Stage, (stage, args, reportViolation) => {
        const settings = asRecord(known(stage, "defaultRouteSettings"));
        if (!present(settings, "throttlingRateLimit") || !present(settings, "throttlingBurstLimit")) {
            reportViolation(`API Gateway v2 stage '${args.name}' has no \`defaultRouteSettings\` throttling. `
                + "Set `defaultRouteSettings: { throttlingRateLimit, throttlingBurstLimit }`.");
        }
    }),
};

/**
 * Quick create (`target` on the API) makes a catch-all `$default` route without authorization and a stage
 * without access logs or throttling, none of which the program can see or fix.
 */
export const apigatewayv2ApiDisallowQuickCreate: ResourceValidationPolicy = {
    name: "apigatewayv2-api-disallow-quick-create",
    description: "HTTP APIs must declare their routes and stages instead of using quick create (`target`).",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Remove `target` and declare the API's `Integration`, `Route`s with an authorizer and a logged, throttled `Stage`.",
    validateResource: validateResourceOfType(aws.apigatewayv2.Api, (api, args, reportViolation) => {
        if (present(api, "target")) {
            reportViolation(`API Gateway v2 API '${args.name}' uses quick create (\`target\`): its \`$default\` route has no authorization and its stage no access logs or throttling. `
                + "Remove `target` and declare an `Integration`, `Route`s with an authorizer and a `Stage`.");
        }
    }),
};
