import * as rules from "../../../policies/rules/lambda";
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
        messages: ["Lambda function 'catalog-read' has `runtime` nodejs18.x. Set `runtime` to nodejs22.x or newer."],
    }] },
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
