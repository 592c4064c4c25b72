import * as rules from "../../../policies/rules/apigateway";
import { change, without } from "../fixtures";
import { RuleCase } from "../harness";

/** Cases of the API Gateway stage, method-settings, method and domain rules. */
export const APIGATEWAY_CASES: RuleCase[] = [
    { rule: rules.apigatewayStageMissingAccessLogs, variants: [{
        change: "the stage has no access log settings",
        resources: (s) => change(s, "api-stage", { accessLogSettings: undefined }),
        messages: ["API Gateway stage 'api-stage' has no `accessLogSettings` with a destination and a format. Set `accessLogSettings: { destinationArn, format }` on the stage."],
    }] },
    { rule: rules.apigatewayStageEnableXrayTracing, variants: [{
        change: "tracing is off",
        resources: (s) => change(s, "api-stage", { xrayTracingEnabled: false }),
        messages: ["API Gateway stage 'api-stage' has `xrayTracingEnabled` off. Set `xrayTracingEnabled: true` on the stage."],
    }] },
    { rule: rules.apigatewayMethodSettingsConfigureLoggingLevel, variants: [{
        change: "the logging level is OFF",
        resources: (s) => change(s, "api-settings", (p) => ({ ...p, settings: { ...p["settings"] as object, loggingLevel: "OFF" } })),
        messages: ["API Gateway method settings 'api-settings' have `settings.loggingLevel` OFF. Set `settings.loggingLevel` to \"ERROR\" or \"INFO\"."],
    }] },
    { rule: rules.apigatewayMethodSettingsDisallowDataTrace, variants: [{
        change: "data trace is on",
        resources: (s) => change(s, "api-settings", (p) => ({ ...p, settings: { ...p["settings"] as object, dataTraceEnabled: true } })),
        messages: ["API Gateway method settings 'api-settings' have `settings.dataTraceEnabled` on, which logs bodies and tokens. Set `settings.dataTraceEnabled: false`."],
    }] },
    { rule: rules.apigatewayMethodSettingsConfigureDefaultThrottling, variants: [{
        change: "the burst limit is missing",
        resources: (s) => change(s, "api-settings", (p) => ({ ...p, settings: { ...p["settings"] as object, throttlingBurstLimit: undefined } })),
        messages: ["API Gateway method settings 'api-settings' for `*/*` have no positive `settings.throttlingRateLimit` and `settings.throttlingBurstLimit`. Set both to the stage's default limits."],
    }] },
    { rule: rules.apigatewayMethodSettingsEnforceCacheEncryption, variants: [{
        change: "caching is on without encryption",
        resources: (s) => change(s, "api-settings", (p) => ({ ...p, settings: { ...p["settings"] as object, cachingEnabled: true } })),
        messages: ["API Gateway method settings 'api-settings' enable caching without `settings.cacheDataEncrypted`. Set `settings.cacheDataEncrypted: true`."],
    }] },
    { rule: rules.apigatewayMethodMissingAuthorization, variants: [{
        change: "a GET method has authorization NONE",
        resources: (s) => change(s, "items-get", { authorization: "NONE", authorizerId: undefined }),
        messages: ["API Gateway method 'items-get' (GET) has `authorization` NONE. Set `authorization` to \"CUSTOM\", \"COGNITO_USER_POOLS\" or \"AWS_IAM\" with an authorizer."],
    }] },
    { rule: rules.apigatewayDomainEnforceTls12, variants: [{
        change: "the domain allows TLS 1.0",
        resources: (s) => change(s, "api-domain", { securityPolicy: "TLS_1_0" }),
        messages: ["API Gateway domain 'api-domain' has `securityPolicy` TLS_1_0. Set `securityPolicy: \"TLS_1_2\"` (or a SecurityPolicy_TLS13 policy) on the domain."],
    }] },
    { rule: rules.apigatewayStageMissingWaf, variants: [{
        change: "the stage has no web ACL association",
        resources: (s) => without(s, "regional-acl-stage"),
        messages: ["API Gateway stage 'api-stage' has no `aws.wafv2.WebAclAssociation` whose `resourceArn` is the stage ARN. Associate a REGIONAL web ACL with the stage."],
    }] },
    { rule: rules.apigatewayStageMissingMethodSettings, variants: [{
        change: "the stage has no `*/*` method settings",
        resources: (s) => change(s, "api-settings", { methodPath: "items/GET" }),
        messages: ["API Gateway stage 'api-stage' has no `aws.apigateway.MethodSettings` with `methodPath: \"*/*\"`. Add stage-wide method settings with a logging level and default throttling."],
    }] },
];
