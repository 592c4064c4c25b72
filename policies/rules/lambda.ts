/**
 * Lambda rules (AWSGuard lambda*, cdk-nag L1 and Serverless LambdaTracing/LambdaDefaultMemorySize/
 * LambdaDefaultTimeout/LambdaStarPermissions, checkov CKV_AWS_45/50/258/301/364).
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { asRecord, present } from "../lib/values";

/** Runtime defaults: Node.js 22 is the oldest runtime with more than a year of AWS support left. */
const RUNTIME_DEFAULTS = Object.freeze({ minimumNodeVersion: 22 });

/** Environment variable names that suggest a secret value. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_?KEY|API_?KEY|CREDENTIAL)/i;

/** Names that hold a pointer to a secret (its ARN, name or parameter), not the secret itself. */
const POINTER_NAME = /_(ARN|NAME|ID|PARAM|PARAMETER|HEADER)$/i;

/** Tracing ties a slow or failed API call to the function and the downstream call that caused it. */
export const lambdaFunctionEnableTracing: ResourceValidationPolicy = {
    name: "lambda-function-enable-tracing",
    description: "Lambda functions must have active X-Ray tracing.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (asRecord(fn.tracingConfig)["mode"] !== "Active") {
            reportViolation(`Lambda function '${args.name}' has no active tracing (\`tracingConfig.mode\`). `
                + "Set `tracingConfig: { mode: \"Active\" }` on the function.");
        }
    }),
};

/** Deprecated runtimes stop receiving security patches. */
export const lambdaFunctionEnforceCurrentRuntime: ResourceValidationPolicy = {
    name: "lambda-function-enforce-current-runtime",
    description: "Lambda functions must run on a current Node.js runtime (nodejs22.x or newer by default).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            minimumNodeVersion: { type: "integer", minimum: 18, default: RUNTIME_DEFAULTS.minimumNodeVersion,
                description: "Oldest accepted Node.js major version." },
        },
    },
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (fn.packageType === "Image") {
            return; // container images carry their own runtime
        }
        const { minimumNodeVersion } = configOf(args, RUNTIME_DEFAULTS);
        const runtime = String(fn.runtime ?? "unset");
        const node = /^nodejs(\d+)\.x$/.exec(runtime);
        if (!node || Number(node[1]) < minimumNodeVersion) {
            reportViolation(`Lambda function '${args.name}' has \`runtime\` ${runtime}. `
                + `Set \`runtime\` to nodejs${minimumNodeVersion}.x or newer.`);
        }
    }),
};

/** The 128 MB default starves Node.js handlers (CPU scales with memory), which shows up as timeouts under load. */
export const lambdaFunctionConfigureMemorySize: ResourceValidationPolicy = {
    name: "lambda-function-configure-memory-size",
    description: "Lambda functions must set `memorySize` explicitly.",
    enforcementLevel: "mandatory",
    severity: "low",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (!present(fn, "memorySize")) {
            reportViolation(`Lambda function '${args.name}' has no explicit \`memorySize\`. `
                + "Set `memorySize` to the size the function was measured with.");
        }
    }),
};

/** An explicit timeout bounds a hung call below API Gateway's 29 s and caps its cost. */
export const lambdaFunctionConfigureTimeout: ResourceValidationPolicy = {
    name: "lambda-function-configure-timeout",
    description: "Lambda functions must set `timeout` explicitly.",
    enforcementLevel: "mandatory",
    severity: "low",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (!present(fn, "timeout")) {
            reportViolation(`Lambda function '${args.name}' has no explicit \`timeout\`. `
                + "Set `timeout` in seconds, below the caller's own timeout.");
        }
    }),
};

/** Secrets in environment variables are visible to anyone who can read the function configuration. */
export const lambdaFunctionDisallowPlaintextSecrets: ResourceValidationPolicy = {
    name: "lambda-function-disallow-plaintext-secrets",
    description: "Lambda environment variables must not hold secret values; they must point to Secrets Manager instead.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        const variables = asRecord(asRecord(fn.environment)["variables"]);
        for (const [key, value] of Object.entries(variables)) {
            if (SECRET_NAME.test(key) && !POINTER_NAME.test(key) && !(typeof value === "string" && value.startsWith("arn:"))) {
                reportViolation(`Lambda function '${args.name}' has a secret-looking value in \`environment.variables.${key}\`. `
                    + `Store it in Secrets Manager and pass its ARN (e.g. \`${key}_ARN\`) instead.`);
            }
        }
    }),
};

/** A service principal without a source ARN lets any account's resource of that service invoke the function. */
export const lambdaPermissionEnforceSourceArn: ResourceValidationPolicy = {
    name: "lambda-permission-enforce-source-arn",
    description: "Lambda permissions must not grant `*` and must scope service principals with a source ARN.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateResourceOfType(aws.lambda.Permission, (perm, args, reportViolation) => {
        if (perm.principal === "*") {
            reportViolation(`Lambda permission '${args.name}' grants \`principal\` "*". `
                + "Grant a specific service or account principal instead.");
        } else if (String(perm.principal).endsWith(".amazonaws.com") && !present(perm, "sourceArn")) {
            reportViolation(`Lambda permission '${args.name}' for ${perm.principal} has no \`sourceArn\`. `
                + "Set `sourceArn` to the invoking resource (e.g. the API's execution ARN with `/*/*`).");
        }
    }),
};

/** A URL with auth NONE is a second, unprotected front door that bypasses API Gateway, WAF and usage plans. */
export const lambdaFunctionUrlDisallowNoAuth: ResourceValidationPolicy = {
    name: "lambda-function-url-disallow-no-auth",
    description: "Lambda function URLs must use IAM authorization.",
    enforcementLevel: "mandatory",
    severity: "critical",
    validateResource: validateResourceOfType(aws.lambda.FunctionUrl, (url, args, reportViolation) => {
        if (url.authorizationType !== "AWS_IAM") {
            reportViolation(`Lambda function URL '${args.name}' has \`authorizationType\` ${url.authorizationType}. `
                + "Set `authorizationType: \"AWS_IAM\"` or remove the URL and go through API Gateway.");
        }
    }),
};
