import { expect } from "chai";
import { GATEWAY_RESPONSE_TYPES, lambdaInvokeUri, ROUTES, SECURITY_SCHEMES, VALIDATORS } from "../../contract";
import { ACCOUNT } from "../../harness/mocks";
import type { EvaluatedStack } from "../../harness/evaluate";
import { evaluateBothStacks } from "../components/support";

const REGION = "eu-west-1";

/** What each stack file sets that shows in the body. */
const EXPECTED = {
    dev: { prefix: "portcullis-dev", authorizerTtl: 300, integrationTimeoutMs: 10000, origins: ["http://localhost:5173"] },
    prod: { prefix: "portcullis-prod", authorizerTtl: 300, integrationTimeoutMs: 10000, origins: ["https://app.portcullis.example.com", "https://admin.portcullis.example.com"] },
};

/**
 * The REST API body as deployed (the RestApi's `body` input in each evaluated stack) against the contract, route by
 * route: if they ever disagree, the contract is right and the gateway is the bug.
 */
describe("the deployed REST API body agrees with the contract", () => {
    const stacks = evaluateBothStacks();

    for (const name of ["dev", "prod"] as const) {
        describe(`in ${name}`, () => {
            const want = EXPECTED[name];
            let stack: EvaluatedStack;
            let body: any;
            const functionArn = (fn: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${want.prefix}-${fn}`;
            before(() => {
                stack = stacks[name]!;
                body = JSON.parse(stack.one("aws:apigateway/restApi:RestApi", "gateway-api").inputs.body);
            });

            it("has exactly the contract's operations, plus one CORS preflight per path", () => {
                const paths = [...new Set(ROUTES.map((r) => r.path))];
                expect(Object.keys(body.paths).sort()).to.deep.equal([...paths].sort());
                for (const path of paths) {
                    const methods = ROUTES.filter((r) => r.path === path).map((r) => r.method.toLowerCase());
                    expect(Object.keys(body.paths[path]).sort(), path).to.deep.equal([...methods, "options"].sort());
                    const preflight = body.paths[path].options;
                    expect(preflight.security, path).to.deep.equal([]);
                    expect(preflight["x-amazon-apigateway-integration"].type, path).to.equal("mock");
                    const template = preflight["x-amazon-apigateway-integration"].responses.default.responseTemplates["application/json"];
                    for (const origin of want.origins) expect(template, path).to.include(`$origin == "${origin}"`);
                }
            });

            it("integrates every route with its own function, by the ARN that function really has", () => {
                const deployed = new Set(stack.ofType("aws:lambda/function:Function").map((f) => f.inputs.name));
                for (const route of ROUTES) {
                    const integration = body.paths[route.path][route.method.toLowerCase()]["x-amazon-apigateway-integration"];
                    expect(integration, route.operationId).to.deep.equal({
                        type: "aws_proxy",
                        httpMethod: "POST",
                        uri: lambdaInvokeUri(REGION, functionArn(route.function)),
                        passthroughBehavior: "when_no_match",
                        timeoutInMillis: want.integrationTimeoutMs,
                    });
                    expect(deployed.has(`${want.prefix}-${route.function}`), route.operationId).to.equal(true);
                }
            });

            it("validates bodies where the contract has one and parameters everywhere, with both validators defined", () => {
                expect(body["x-amazon-apigateway-request-validators"]).to.deep.equal({
                    [VALIDATORS.body]: { validateRequestBody: true, validateRequestParameters: true },
                    [VALIDATORS.params]: { validateRequestBody: false, validateRequestParameters: true },
                });
                for (const route of ROUTES) {
                    const op = body.paths[route.path][route.method.toLowerCase()];
                    expect(op["x-amazon-apigateway-request-validator"], route.operationId).to.equal(route.requestBody ? VALIDATORS.body : VALIDATORS.params);
                    expect(op.requestBody?.content["application/json"].schema.$ref, route.operationId).to.equal(
                        route.requestBody ? `#/components/schemas/${route.requestBody}` : undefined,
                    );
                    expect(op.parameters.map((p: any) => `${p.in}:${p.name}:${p.required}`), route.operationId).to.deep.equal(
                        route.parameters.map((p) => `${p.in}:${p.name}:${p.required}`),
                    );
                }
            });

            it("requires an API key on exactly the tiered routes, the authorizer on jwt routes, SigV4 on iam routes, nothing on /health", () => {
                for (const route of ROUTES) {
                    const expected: Record<string, string[]> = {};
                    if (route.security.kind === "jwt") expected[SECURITY_SCHEMES.jwt] = [];
                    if (route.security.kind === "iam") expected[SECURITY_SCHEMES.iam] = [];
                    if (route.apiKeyRequired) expected[SECURITY_SCHEMES.apiKey] = [];
                    expect(body.paths[route.path][route.method.toLowerCase()].security, route.operationId).to.deep.equal([expected]);
                }
                expect(body.paths["/health"].get.security).to.deep.equal([{}]);
                expect(ROUTES.filter((r) => r.apiKeyRequired)).to.have.length(11);
                expect(body["x-amazon-apigateway-api-key-source"]).to.equal("HEADER");
            });

            it("points the token scheme at the deployed authorizer without credentials (a Lambda permission lets API Gateway invoke it), cached for the configured TTL", () => {
                const scheme = body.components.securitySchemes[SECURITY_SCHEMES.jwt];
                expect(scheme["x-amazon-apigateway-authtype"]).to.equal("custom");
                expect(scheme["x-amazon-apigateway-authorizer"]).to.deep.equal({
                    type: "request",
                    identitySource: "method.request.header.Authorization",
                    authorizerUri: lambdaInvokeUri(REGION, functionArn("authorizer")),
                    authorizerResultTtlInSeconds: want.authorizerTtl,
                });
                expect(stack.ofType("aws:lambda/function:Function").some((f) => f.inputs.name === `${want.prefix}-authorizer`)).to.equal(true);
                expect(body.components.securitySchemes[SECURITY_SCHEMES.iam]["x-amazon-apigateway-authtype"]).to.equal("awsSigv4");
            });

            it("answers gateway errors in JSON, with the CORS origin only when there is exactly one", () => {
                const responses = body["x-amazon-apigateway-gateway-responses"];
                expect(Object.keys(responses).sort()).to.deep.equal([...GATEWAY_RESPONSE_TYPES].sort());
                for (const [type, response] of Object.entries<any>(responses)) {
                    expect(response.responseParameters["gatewayresponse.header.Content-Type"], type).to.equal("'application/json'");
                    const key = type === "ACCESS_DENIED" ? "Message" : "message";
                    // A body failing its model also says what failed (validationErrorString).
                    const extra = type === "BAD_REQUEST_BODY" ? ',"validation":"$context.error.validationErrorString"' : "";
                    expect(response.responseTemplates["application/json"], type).to.equal(`{"${key}":$context.error.messageString${extra}}`);
                    expect(response.responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"], type).to.equal(
                        want.origins.length === 1 ? `'${want.origins[0]}'` : undefined,
                    );
                }
            });
        });
    }
});
