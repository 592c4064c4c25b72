/**
 * API Gateway stage, method-settings, method and domain rules (checkov CKV_AWS_73/76/120/206/308, CKV2_AWS_4/29;
 * cdk-nag APIG1/3/4/6 and Serverless APIGWAccessLogging, APIGWDefaultThrottling, APIGWXrayEnabled).
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { refersTo } from "../lib/links";
import { asRecord, present } from "../lib/values";

/** The method path of the stage-wide method settings. */
const ALL_METHODS = "*/*";

/** Access logs record who called what; without them an incident cannot be traced. */
export const apigatewayStageMissingAccessLogs: ResourceValidationPolicy = {
    name: "apigateway-stage-missing-access-logs",
    description: "API Gateway stages must write access logs to a CloudWatch log group.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set the stage's `accessLogSettings` with `destinationArn` (a log group) and a `format`.",
    validateResource: validateResourceOfType(aws.apigateway.Stage, (stage, args, reportViolation) => {
        const settings = asRecord(stage.accessLogSettings);
        if (!present(settings, "destinationArn") || !present(settings, "format")) {
            reportViolation(`API Gateway stage '${args.name}' has no \`accessLogSettings\` with a destination and a format. `
                + "Set `accessLogSettings: { destinationArn, format }` on the stage.");
        }
    }),
};

/** X-Ray traces show which hop of a request failed or slowed down. */
export const apigatewayStageEnableXrayTracing: ResourceValidationPolicy = {
    name: "apigateway-stage-enable-xray-tracing",
    description: "API Gateway stages must have X-Ray tracing enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `xrayTracingEnabled: true` on the stage.",
    validateResource: validateResourceOfType(aws.apigateway.Stage, (stage, args, reportViolation) => {
        if (stage.xrayTracingEnabled !== true) {
            reportViolation(`API Gateway stage '${args.name}' has \`xrayTracingEnabled\` off. `
                + "Set `xrayTracingEnabled: true` on the stage.");
        }
    }),
};

/** Execution logs at ERROR or INFO are the only record of authorizer and integration failures. */
export const apigatewayMethodSettingsConfigureLoggingLevel: ResourceValidationPolicy = {
    name: "apigateway-method-settings-configure-logging-level",
    description: "API Gateway method settings must set the execution logging level to ERROR or INFO.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `settings.loggingLevel` to \"ERROR\" or \"INFO\".",
    validateResource: validateResourceOfType(aws.apigateway.MethodSettings, (ms, args, reportViolation) => {
        const level = asRecord(ms.settings)["loggingLevel"];
        if (level !== "ERROR" && level !== "INFO") {
            reportViolation(`API Gateway method settings '${args.name}' have \`settings.loggingLevel\` ${String(level ?? "unset")}. `
                + "Set `settings.loggingLevel` to \"ERROR\" or \"INFO\".");
        }
    }),
};

/** Data trace logs full request and response bodies, tokens and personal data included. */
export const apigatewayMethodSettingsDisallowDataTrace: ResourceValidationPolicy = {
    name: "apigateway-method-settings-disallow-data-trace",
    description: "API Gateway method settings must not log full requests and responses (data trace).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `settings.dataTraceEnabled: false`.",
    validateResource: validateResourceOfType(aws.apigateway.MethodSettings, (ms, args, reportViolation) => {
        if (asRecord(ms.settings)["dataTraceEnabled"] === true) {
            reportViolation(`API Gateway method settings '${args.name}' have \`settings.dataTraceEnabled\` on, which logs bodies and tokens. `
                + "Set `settings.dataTraceEnabled: false`.");
        }
    }),
};

/** Without a stage-wide limit one client, or one key without a plan, can exhaust the account's throttle. */
export const apigatewayMethodSettingsConfigureDefaultThrottling: ResourceValidationPolicy = {
    name: "apigateway-method-settings-configure-default-throttling",
    description: "Stage-wide API Gateway method settings (`*/*`) must set a default rate and burst limit.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `settings.throttlingRateLimit` and `settings.throttlingBurstLimit` on the `*/*` method settings.",
    validateResource: validateResourceOfType(aws.apigateway.MethodSettings, (ms, args, reportViolation) => {
        const s = asRecord(ms.settings);
        const positive = (v: unknown) => typeof v === "number" && v > 0;
        if (ms.methodPath === ALL_METHODS && !(positive(s["throttlingRateLimit"]) && positive(s["throttlingBurstLimit"]))) {
            reportViolation(`API Gateway method settings '${args.name}' for \`*/*\` have no positive \`settings.throttlingRateLimit\` and \`settings.throttlingBurstLimit\`. `
                + "Set both to the stage's default limits.");
        }
    }),
};

/** Cached responses hold API data at rest; unencrypted they are readable by anyone with access to the cache. */
export const apigatewayMethodSettingsEnforceCacheEncryption: ResourceValidationPolicy = {
    name: "apigateway-method-settings-enforce-cache-encryption",
    description: "API Gateway method settings that enable caching must encrypt the cached data.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set `settings.cacheDataEncrypted: true` wherever `cachingEnabled` is true.",
    validateResource: validateResourceOfType(aws.apigateway.MethodSettings, (ms, args, reportViolation) => {
        const s = asRecord(ms.settings);
        if (s["cachingEnabled"] === true && s["cacheDataEncrypted"] !== true) {
            reportViolation(`API Gateway method settings '${args.name}' enable caching without \`settings.cacheDataEncrypted\`. `
                + "Set `settings.cacheDataEncrypted: true`.");
        }
    }),
};

/** A method without authorization is open to the internet; only CORS preflight may be. */
export const apigatewayMethodMissingAuthorization: ResourceValidationPolicy = {
    name: "apigateway-method-missing-authorization",
    description: "API Gateway methods other than OPTIONS must use an authorizer, Cognito or IAM authorization.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Set `authorization` to CUSTOM, COGNITO_USER_POOLS or AWS_IAM on the method.",
    validateResource: validateResourceOfType(aws.apigateway.Method, (method, args, reportViolation) => {
        if (method.authorization === "NONE" && method.httpMethod !== "OPTIONS") {
            reportViolation(`API Gateway method '${args.name}' (${method.httpMethod}) has \`authorization\` NONE. `
                + "Set `authorization` to \"CUSTOM\", \"COGNITO_USER_POOLS\" or \"AWS_IAM\" with an authorizer.");
        }
    }),
};

/** TLS 1.0 and 1.1 are deprecated and allow downgrade attacks. */
export const apigatewayDomainEnforceTls12: ResourceValidationPolicy = {
    name: "apigateway-domain-enforce-tls12",
    description: "API Gateway custom domains must use a TLS 1.2 or newer security policy.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `securityPolicy: \"TLS_1_2\"` (or a newer policy) on the domain name.",
    validateResource: validateResourceOfType(aws.apigateway.DomainName, (domain, args, reportViolation) => {
        const policy = domain.securityPolicy;
        if (!(policy === "TLS_1_2" || (typeof policy === "string" && /^SecurityPolicy_TLS1[23]/.test(policy)))) {
            reportViolation(`API Gateway domain '${args.name}' has \`securityPolicy\` ${String(policy ?? "unset")}. `
                + "Set `securityPolicy: \"TLS_1_2\"` (or a SecurityPolicy_TLS13 policy) on the domain.");
        }
    }),
};

/** Stages of the stack. */
function stagesOf(resources: PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.isType(aws.apigateway.Stage));
}

/** The regional WAF is where per-IP limits, managed rules and the origin-verify check run. */
export const apigatewayStageMissingWaf: StackValidationPolicy = {
    name: "apigateway-stage-missing-waf",
    description: "Every API Gateway stage must be associated with a regional WAFv2 web ACL.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Associate a REGIONAL `aws.wafv2.WebAcl` with the stage through `aws.wafv2.WebAclAssociation`.",
    validateStack: (args, reportViolation) => {
        const associations = args.resources.filter((r) => r.isType(aws.wafv2.WebAclAssociation));
        for (const stage of stagesOf(args.resources)) {
            if (!associations.some((a) => refersTo(a, "resourceArn", stage, ["arn"]))) {
                reportViolation(`API Gateway stage '${stage.name}' has no \`aws.wafv2.WebAclAssociation\` whose \`resourceArn\` is the stage ARN. `
                    + "Associate a REGIONAL web ACL with the stage.", stage.urn);
            }
        }
    },
};

/** Logging level and default throttling live in the stage-wide method settings; without them there are neither. */
export const apigatewayStageMissingMethodSettings: StackValidationPolicy = {
    name: "apigateway-stage-missing-method-settings",
    description: "Every API Gateway stage must have stage-wide method settings (`*/*`).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add `aws.apigateway.MethodSettings` with `methodPath: \"*/*\"` for the stage.",
    validateStack: (args, reportViolation) => {
        const settings = args.resources.filter((r) => r.isType(aws.apigateway.MethodSettings) && r.props["methodPath"] === ALL_METHODS);
        for (const stage of stagesOf(args.resources)) {
            const found = settings.some((ms) => refersTo(ms, "stageName", stage, ["stageName"])
                && (ms.props["restApi"] === stage.props["restApi"] || refersTo(ms, "restApi", stage, ["restApi"])));
            if (!found) {
                reportViolation(`API Gateway stage '${stage.name}' has no \`aws.apigateway.MethodSettings\` with \`methodPath: "*/*"\`. `
                    + "Add stage-wide method settings with a logging level and default throttling.", stage.urn);
            }
        }
    },
};
