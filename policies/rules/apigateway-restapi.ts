/**
 * API Gateway REST API (OpenAPI body) and usage-plan rules (cdk-nag APIG2/APIG4/COG4, checkov CKV_AWS_59).
 * The REST API body is the contract: these rules read each operation's `security` and the
 * `x-amazon-apigateway-*` extensions, since that is what API Gateway imports.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { isApiKeyScheme, isAuthorizerScheme, isPublicRoute, isTieredRoute, parseOpenApi, requires } from "../lib/openapi";
import { TIER_DEFAULTS, TIER_SCHEMA, TIER_TAG } from "../lib/tiers";
import { asRecord } from "../lib/values";

/** Validation at the edge rejects malformed input before it costs a Lambda invocation or reaches the code. */
export const apigatewayRestapiEnableRequestValidation: ResourceValidationPolicy = {
    name: "apigateway-restapi-enable-request-validation",
    description: "Every REST API operation except CORS preflight must use a request validator declared in the OpenAPI body.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateResourceOfType(aws.apigateway.RestApi, (api, args, reportViolation) => {
        const doc = parseOpenApi(api.body) ?? args.notApplicable("The REST API has no OpenAPI body.");
        for (const op of doc.operations.filter((o) => o.method !== "OPTIONS")) {
            const validator = op.validator === undefined ? undefined : doc.validators[op.validator];
            if (!validator || (validator["validateRequestBody"] !== true && validator["validateRequestParameters"] !== true)) {
                reportViolation(`REST API '${args.name}' operation \`${op.method} ${op.path}\` has no request validator that validates the body or parameters. `
                    + "Declare it in `x-amazon-apigateway-request-validators` and set `x-amazon-apigateway-request-validator` on the document or the operation.");
            }
        }
    }),
};

/** Every route except preflight and the health probe must know who is calling. */
export const apigatewayRestapiMissingAuthorization: ResourceValidationPolicy = {
    name: "apigateway-restapi-missing-authorization",
    description: "Every REST API operation except OPTIONS and GET /health must require an authorizer, Cognito or IAM security scheme.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateResourceOfType(aws.apigateway.RestApi, (api, args, reportViolation) => {
        const doc = parseOpenApi(api.body) ?? args.notApplicable("The REST API has no OpenAPI body.");
        for (const op of doc.operations.filter((o) => !isPublicRoute(o))) {
            if (!requires(doc, op, isAuthorizerScheme)) {
                reportViolation(`REST API '${args.name}' operation \`${op.method} ${op.path}\` has no \`security\` requirement on a scheme with \`x-amazon-apigateway-authtype\`. `
                    + "Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation.");
            }
        }
    }),
};

/** Tiers are enforced by usage plans, which only meter requests that carry an API key. */
export const apigatewayRestapiEnforceApiKeyOnTieredRoutes: ResourceValidationPolicy = {
    name: "apigateway-restapi-enforce-api-key-on-tiered-routes",
    description: "Every tiered REST API route (/v1/... except /v1/internal/...) must require an API key read from a declared source.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateResourceOfType(aws.apigateway.RestApi, (api, args, reportViolation) => {
        const doc = parseOpenApi(api.body) ?? args.notApplicable("The REST API has no OpenAPI body.");
        const source = api.apiKeySource ?? doc.apiKeySource;
        if (source !== "HEADER" && source !== "AUTHORIZER") {
            reportViolation(`REST API '${args.name}' declares no \`x-amazon-apigateway-api-key-source\`. `
                + "Set `x-amazon-apigateway-api-key-source` to \"HEADER\" or \"AUTHORIZER\" in the OpenAPI body.");
        }
        for (const op of doc.operations.filter(isTieredRoute)) {
            if (!requires(doc, op, isApiKeyScheme)) {
                reportViolation(`REST API '${args.name}' tiered operation \`${op.method} ${op.path}\` does not require the API key in its \`security\`. `
                    + "Add the `api_key` scheme (apiKey in header x-api-key) to the operation's security.");
            }
        }
    }),
};

/** A usage plan without a throttle or a quota puts no bound on a key's traffic, which defeats the tier. */
export const apigatewayUsagePlanConfigureThrottleAndQuota: ResourceValidationPolicy = {
    name: "apigateway-usage-plan-configure-throttle-and-quota",
    description: "Every API Gateway usage plan must set a throttle (rate and burst) and a quota (limit and period).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateResourceOfType(aws.apigateway.UsagePlan, (plan, args, reportViolation) => {
        const throttle = asRecord(plan.throttleSettings);
        const quota = asRecord(plan.quotaSettings);
        const positive = (v: unknown) => typeof v === "number" && v > 0;
        if (!positive(throttle["rateLimit"]) || !positive(throttle["burstLimit"])) {
            reportViolation(`Usage plan '${args.name}' has no positive \`throttleSettings.rateLimit\` and \`throttleSettings.burstLimit\`. `
                + "Set both in `throttleSettings` on the usage plan.");
        }
        if (!positive(quota["limit"]) || typeof quota["period"] !== "string") {
            reportViolation(`Usage plan '${args.name}' has no \`quotaSettings\` with a positive limit and a period. `
                + "Set `quotaSettings: { limit, period }` on the usage plan.");
        }
    }),
};

/** The stack rule on tiers, the dashboard and the local gateway find a plan's tier by this tag. */
export const apigatewayUsagePlanConfigureTierTag: ResourceValidationPolicy = {
    name: "apigateway-usage-plan-configure-tier-tag",
    description: "Every API Gateway usage plan must carry the `portcullis:tier` tag with a known tier.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: TIER_SCHEMA,
    validateResource: validateResourceOfType(aws.apigateway.UsagePlan, (plan, args, reportViolation) => {
        const { tiers } = configOf(args, TIER_DEFAULTS);
        const tier = asRecord(plan.tags)[TIER_TAG];
        if (typeof tier !== "string" || !tiers.includes(tier)) {
            reportViolation(`Usage plan '${args.name}' has tag \`${TIER_TAG}\` ${String(tier ?? "unset")}. `
                + `Set \`tags["${TIER_TAG}"]\` to one of ${tiers.join(", ")}.`);
        }
    }),
};
