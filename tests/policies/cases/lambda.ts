import * as rules from "../../../policies/rules/lambda";
import { OfflineResource } from "../../../policies/offline";
import { change } from "../fixtures";
import { RuleCase } from "../harness";

/** Cases of the Lambda rules. */
export const LAMBDA_CASES: RuleCase[] = [
    { rule: rules.lambdaFunctionEnableTracing, variants: [{
        change: "tracing is PassThrough",
        resources: (s) => change(s, "catalog-read", { tracingConfig: { mode: "PassThrough" } }),
        messages: ["Lambda function 'catalog-read' has no active tracing (`tracingConfig.mode`). Set `tracingConfig: { mode: \"Active\" }` on the function."],
    }] },
    { rule: rules.lambdaFunctionEnforceCurrentRuntime, variants: [{
        change: "the runtime is nodejs18.x",
        resources: (s) => change(s, "catalog-read", { runtime: "nodejs18.x" }),
        messages: ["Lambda function 'catalog-read' has `runtime` nodejs18.x, which was deprecated on 2025-09-01. Set `runtime` to a supported one: nodejs24.x, nodejs22.x."],
    }, {
        change: "the runtime is python3.9",
        resources: (s) => change(s, "catalog-read", { runtime: "python3.9" }),
        messages: ["Lambda function 'catalog-read' has `runtime` python3.9, which was deprecated on 2025-12-15. Set `runtime` to a supported one: python3.14, python3.13, python3.12, python3.11."],
    }, {
        change: "the runtime is go1.x",
        resources: (s) => change(s, "catalog-read", { runtime: "go1.x" }),
        messages: ["Lambda function 'catalog-read' has `runtime` go1.x, which was deprecated on 2024-01-08. Set `runtime` to a supported one: provided.al2023, provided.al2."],
    }, {
        change: "the runtime is deprecated within the 180 days the stack asks for",
        config: { minimumDaysOfSupport: 180 },
        resources: (s) => s,
        messages: ["Lambda function 'catalog-read' has `runtime` nodejs22.x, which is deprecated on 2027-04-30, within 180 days. Set `runtime` to a supported one: nodejs24.x."],
    }], passing: [
        ...["python3.13", "java21", "java8.al2", "dotnet10", "ruby3.4", "provided.al2023", "nodejs24.x", "python3.99"].map((runtime) => ({
            change: `the runtime is ${runtime}`, resources: (s: OfflineResource[]) => change(s, "catalog-read", { runtime }) })),
        { change: "the function is a container image without a runtime",
            resources: (s) => change(s, "catalog-read", { runtime: undefined, handler: undefined, packageType: "Image", imageUri: "1.dkr.ecr/x:1" }) },
    ] },
    { rule: rules.lambdaFunctionConfigureMemorySize, variants: [{
        change: "memory size is left to the default",
        resources: (s) => change(s, "catalog-read", { memorySize: undefined }),
        messages: ["Lambda function 'catalog-read' has no explicit `memorySize`. Set `memorySize` to the size the function was measured with."],
    }] },
    { rule: rules.lambdaFunctionConfigureTimeout, variants: [{
        change: "timeout is left to the default",
        resources: (s) => change(s, "catalog-read", { timeout: undefined }),
        messages: ["Lambda function 'catalog-read' has no explicit `timeout`. Set `timeout` in seconds, below the caller's own timeout."],
    }] },
    { rule: rules.lambdaFunctionDisallowPlaintextSecrets, variants: [{
        change: "a password is in the environment",
        resources: (s) => change(s, "catalog-read", { environment: { variables: { TABLE_NAME: "catalog", DB_PASSWORD: "hunter2" } } }),
        messages: ["Lambda function 'catalog-read' has a secret-looking value in `environment.variables.DB_PASSWORD`. Store it in Secrets Manager and pass its ARN (e.g. `DB_PASSWORD_ARN`) instead."],
    }] },
    { rule: rules.lambdaPermissionEnforceSourceArn, variants: [{
        change: "API Gateway may invoke without a source ARN",
        resources: (s) => change(s, "catalog-read-invoke", { sourceArn: undefined }),
        messages: ["Lambda permission 'catalog-read-invoke' for apigateway.amazonaws.com has no `sourceArn`. Set `sourceArn` to the invoking resource (e.g. the API's execution ARN with `/*/*`)."],
    }, {
        change: "anyone may invoke",
        resources: (s) => change(s, "catalog-read-invoke", { principal: "*" }),
        messages: ["Lambda permission 'catalog-read-invoke' grants `principal` \"*\". Grant a specific service or account principal instead."],
    }] },
    { rule: rules.lambdaFunctionUrlDisallowNoAuth, variants: [{
        change: "the function URL has no auth",
        resources: (s) => change(s, "catalog-read-url", { authorizationType: "NONE" }),
        messages: ["Lambda function URL 'catalog-read-url' has `authorizationType` NONE. Set `authorizationType: \"AWS_IAM\"` or remove the URL and go through API Gateway."],
    }] },
];
