/**
 * API Gateway REST API (OpenAPI body) and usage-plan rules (cdk-nag APIG2/APIG4/COG4, checkov CKV_AWS_59).
 * The REST API body is the contract: these rules read each operation's `security` and the
 * `x-amazon-apigateway-*` extensions, since that is what API Gateway imports.
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { convention } from "../lib/conventions";
import { TieredRoutes, isApiKeyScheme, isAuthorizerScheme, isPublicRoute, isTieredRoute, parseOpenApi, requires } from "../lib/openapi";
import { TIER_DEFAULTS, TIER_SCHEMA, TIER_TAG } from "../lib/tiers";
import { asRecord } from "../lib/values";

/** Validation at the edge rejects malformed input before it costs a Lambda invocation or reaches the code. */
export const apigatewayRestapiEnableRequestValidation: ResourceValidationPolicy = {
    name: "apigateway-restapi-enable-request-validation",
    description: "Every REST API operation except CORS preflight must use a request validator declared in the OpenAPI body.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Declare a validator in `x-amazon-apigateway-request-validators` and name it in `x-amazon-apigateway-request-validator` on the document or each operation.",
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

/** Config of the authorization rule: no public route but preflight unless the stack names it. */
const AUTHORIZATION_DEFAULTS: Readonly<{ publicRoutes: string[] }> = Object.freeze({ publicRoutes: [] });

/** Config of the tiered-route convention: Portcullis meters `/v1/...` except `/v1/internal/...`. */
const TIERED_ROUTE_DEFAULTS: Readonly<TieredRoutes> = Object.freeze({ tieredPathPrefix: "/v1/", untieredPathPrefixes: ["/v1/internal/"] });

/** Every route except preflight and the stack's named public routes (a health probe) must know who is calling. */
export const apigatewayRestapiMissingAuthorization: ResourceValidationPolicy = {
    name: "apigateway-restapi-missing-authorization",
    description: "Every REST API operation (including `x-amazon-apigateway-any-method`) except OPTIONS and the configured `publicRoutes` must require an authorizer, Cognito or IAM security scheme.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: "Require a scheme with `x-amazon-apigateway-authtype` (Lambda authorizer, Cognito, sigv4) in each operation's `security`, or list a deliberately public route in `publicRoutes`.",
    configSchema: {
        properties: {
            publicRoutes: { type: "array", items: { type: "string", pattern: "^[A-Z]+ /" }, default: AUTHORIZATION_DEFAULTS.publicRoutes,
                description: "Routes allowed without authorization, each `METHOD /path` as in the body (e.g. `GET /health`)." },
        },
    },
    validateResource: validateResourceOfType(aws.apigateway.RestApi, (api, args, reportViolation) => {
        const doc = parseOpenApi(api.body) ?? args.notApplicable("The REST API has no OpenAPI body.");
        const { publicRoutes } = configOf(args, AUTHORIZATION_DEFAULTS);
        for (const op of doc.operations.filter((o) => !isPublicRoute(o, publicRoutes))) {
            if (!requires(doc, op, isAuthorizerScheme)) {
                reportViolation(`REST API '${args.name}' operation \`${op.method} ${op.path}\` has no \`security\` requirement on a scheme with \`x-amazon-apigateway-authtype\`. `
                    + "Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation.");
            }
        }
    }),
};

/** Tiers are enforced by usage plans, which only meter requests that carry an API key (a Portcullis convention). */
export const apigatewayRestapiEnforceApiKeyOnTieredRoutes: ResourceValidationPolicy = convention({
    name: "apigateway-restapi-enforce-api-key-on-tiered-routes",
    description: "Every tiered REST API route (under `tieredPathPrefix` but none of `untieredPathPrefixes`) must require an API key read from a declared source.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add the `api_key` scheme (apiKey in header x-api-key) to each tiered operation's `security` and set `x-amazon-apigateway-api-key-source`.",
    configSchema: {
        properties: {
            tieredPathPrefix: { type: "string", default: TIERED_ROUTE_DEFAULTS.tieredPathPrefix, description: "Routes under this path prefix are tiered." },
            untieredPathPrefixes: { type: "array", items: { type: "string" }, default: TIERED_ROUTE_DEFAULTS.untieredPathPrefixes,
                description: "Path prefixes under `tieredPathPrefix` that are not tiered." },
        },
    },
    validateResource: validateResourceOfType(aws.apigateway.RestApi, (api, args, reportViolation) => {
        const doc = parseOpenApi(api.body) ?? args.notApplicable("The REST API has no OpenAPI body.");
        const routes = configOf(args, TIERED_ROUTE_DEFAULTS);
        const source = api.apiKeySource ?? doc.apiKeySource;
        if (source !== "HEADER" && source !== "AUTHORIZER") {
            reportViolation(`REST API '${args.name}' declares no \`x-amazon-apigateway-api-key-source\`. `
                + "Set `x-amazon-apigateway-api-key-source` to \"HEADER\" or \"AUTHORIZER\" in the OpenAPI body.");
        }
        for (const op of doc.operations.filter((o) => isTieredRoute(o, routes))) {
            if (!requires(doc, op, isApiKeyScheme)) {
                reportViolation(`REST API '${args.name}' tiered operation \`${op.method} ${op.path}\` does not require the API key in its \`security\`. `
                    + "Add the `api_key` scheme (apiKey in header x-api-key) to the operation's security.");
            }
        }
    }),
});

/** A usage plan without a throttle or a quota puts no bound on a key's traffic, which defeats the tier. */
export const apigatewayUsagePlanConfigureThrottleAndQuota: ResourceValidationPolicy = {
    name: "apigateway-usage-plan-configure-throttle-and-quota",
    description: "Every API Gateway usage plan must set a throttle (rate and burst) and a quota (limit and period).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `throttleSettings: { rateLimit, burstLimit }` and `quotaSettings: { limit, period }` on the usage plan.",
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

/** The stack rule on tiers, the dashboard and the local gateway find a plan's tier by this tag (a Portcullis convention). */
export const apigatewayUsagePlanConfigureTierTag: ResourceValidationPolicy = convention({
    name: "apigateway-usage-plan-configure-tier-tag",
    description: "Every API Gateway usage plan must carry the `portcullis:tier` tag with a known tier.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Tag the usage plan `portcullis:tier` with one of the configured `tiers`.",
    configSchema: TIER_SCHEMA,
    validateResource: validateResourceOfType(aws.apigateway.UsagePlan, (plan, args, reportViolation) => {
        const { tiers } = configOf(args, TIER_DEFAULTS);
        const tier = asRecord(plan.tags)[TIER_TAG];
        if (typeof tier !== "string" || !tiers.includes(tier)) {
            reportViolation(`Usage plan '${args.name}' has tag \`${TIER_TAG}\` ${String(tier ?? "unset")}. `
                + `Set \`tags["${TIER_TAG}"]\` to one of ${tiers.join(", ")}.`);
        }
    }),
});
