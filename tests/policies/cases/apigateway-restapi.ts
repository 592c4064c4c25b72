import * as rules from "../../../policies/rules/apigateway-restapi";
import { change, changeBody } from "../fixtures";
import { RuleCase } from "../harness";

/** Cases of the REST API (OpenAPI body) and usage-plan rules. */
export const APIGATEWAY_RESTAPI_CASES: RuleCase[] = [
    { rule: rules.apigatewayRestapiEnableRequestValidation, variants: [{
        change: "an operation turns its validator off",
        resources: (s) => changeBody(s, (doc) => { doc.paths["/v1/items"].post["x-amazon-apigateway-request-validator"] = "none"; }),
        messages: ["REST API 'api' operation `POST /v1/items` has no request validator that validates the body or parameters. Declare it in `x-amazon-apigateway-request-validators` and set `x-amazon-apigateway-request-validator` on the document or the operation."],
    }] },
    { rule: rules.apigatewayRestapiMissingAuthorization, variants: [{
        change: "a tiered route only requires the API key",
        resources: (s) => changeBody(s, (doc) => { doc.paths["/v1/items"].get.security = [{ api_key: [] }]; }),
        messages: ["REST API 'api' operation `GET /v1/items` has no `security` requirement on a scheme with `x-amazon-apigateway-authtype`. Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation."],
    }, {
        change: "the authorizer scheme loses its authtype",
        resources: (s) => changeBody(s, (doc) => { delete doc.components.securitySchemes.authorizer["x-amazon-apigateway-authtype"]; }),
        messages: ["GET /v1/items", "POST /v1/items", "POST /v1/internal/jobs"].map((op) =>
            `REST API 'api' operation \`${op}\` has no \`security\` requirement on a scheme with \`x-amazon-apigateway-authtype\`. Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation.`),
    }, {
        change: "an open catch-all `ANY /{proxy+}` is added",
        resources: (s) => changeBody(s, (doc) => {
            doc.paths["/{proxy+}"] = { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: "arn" } } };
        }),
        messages: ["REST API 'api' operation `ANY /{proxy+}` has no `security` requirement on a scheme with `x-amazon-apigateway-authtype`. Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation."],
    }, {
        change: "a Swagger 2.0 body declares its authorizer in securityDefinitions without an authtype",
        resources: (s) => changeBody(s, (doc) => {
            delete doc.openapi;
            doc.swagger = "2.0";
            doc.securityDefinitions = { ...doc.components.securitySchemes, authorizer: { type: "apiKey", name: "Authorization", in: "header" } };
            delete doc.components;
        }),
        messages: ["GET /v1/items", "POST /v1/items", "POST /v1/internal/jobs"].map((op) =>
            `REST API 'api' operation \`${op}\` has no \`security\` requirement on a scheme with \`x-amazon-apigateway-authtype\`. Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation.`),
    }, {
        change: "the health probe is used without naming it in publicRoutes",
        resources: (s) => changeBody(s, (doc) => { doc.paths["/status"] = { get: { responses: { 200: { description: "OK" } } } }; }),
        messages: ["REST API 'api' operation `GET /status` has no `security` requirement on a scheme with `x-amazon-apigateway-authtype`. Require the Lambda authorizer, Cognito or IAM (sigv4) scheme on the operation."],
    }], passing: [{
        change: "a Swagger 2.0 body declares its authorizer in securityDefinitions",
        resources: (s) => changeBody(s, (doc) => {
            delete doc.openapi;
            doc.swagger = "2.0";
            doc.securityDefinitions = doc.components.securitySchemes;
            delete doc.components;
        }),
    }, {
        change: "a catch-all `ANY /{proxy+}` requires the authorizer",
        resources: (s) => changeBody(s, (doc) => { doc.paths["/{proxy+}"] = { "x-amazon-apigateway-any-method": { security: [{ authorizer: [] }] } }; }),
    }] },
    { rule: rules.apigatewayRestapiEnforceApiKeyOnTieredRoutes, variants: [{
        change: "a tiered route does not require the API key",
        resources: (s) => changeBody(s, (doc) => { doc.paths["/v1/items"].post.security = [{ authorizer: [] }]; }),
        messages: ["REST API 'api' tiered operation `POST /v1/items` does not require the API key in its `security`. Add the `api_key` scheme (apiKey in header x-api-key) to the operation's security."],
    }, {
        change: "the API key source is not declared",
        resources: (s) => changeBody(s, (doc) => { delete doc["x-amazon-apigateway-api-key-source"]; }),
        messages: ["REST API 'api' declares no `x-amazon-apigateway-api-key-source`. Set `x-amazon-apigateway-api-key-source` to \"HEADER\" or \"AUTHORIZER\" in the OpenAPI body."],
    }] },
    { rule: rules.apigatewayUsagePlanConfigureThrottleAndQuota, variants: [{
        change: "a plan has no throttle",
        resources: (s) => change(s, "plan-basic", { throttleSettings: undefined }),
        messages: ["Usage plan 'plan-basic' has no positive `throttleSettings.rateLimit` and `throttleSettings.burstLimit`. Set both in `throttleSettings` on the usage plan."],
    }, {
        change: "a plan has no quota",
        resources: (s) => change(s, "plan-premium", { quotaSettings: undefined }),
        messages: ["Usage plan 'plan-premium' has no `quotaSettings` with a positive limit and a period. Set `quotaSettings: { limit, period }` on the usage plan."],
    }] },
    { rule: rules.apigatewayUsagePlanConfigureTierTag, variants: [{
        change: "a plan has an unknown tier",
        resources: (s) => change(s, "plan-basic", { tags: { "portcullis:tier": "gold" } }),
        messages: ["Usage plan 'plan-basic' has tag `portcullis:tier` gold. Set `tags[\"portcullis:tier\"]` to one of basic, premium, enterprise."],
    }] },
];
