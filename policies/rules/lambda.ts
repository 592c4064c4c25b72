/**
 * Lambda rules (AWSGuard lambda*, cdk-nag L1 and Serverless LambdaTracing/LambdaDefaultMemorySize/
 * LambdaDefaultTimeout/LambdaStarPermissions, checkov CKV_AWS_45/50/258/301/364).
 */
import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { RUNTIME_DEPRECATION, RUNTIME_TABLE_DATE, successorsOf } from "../lib/lambdaRuntimes";
import { asRecord, known, present } from "../lib/values";

/** Runtime defaults: flag a runtime from its deprecation day, judged on the day the rule runs. */
const RUNTIME_DEFAULTS: Readonly<{ minimumDaysOfSupport: number; asOf: string }> = Object.freeze({ minimumDaysOfSupport: 0, asOf: "" });

const DAY_MS = 86_400_000;

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
    remediationSteps: "Set `tracingConfig: { mode: \"Active\" }`.",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (asRecord(fn.tracingConfig)["mode"] !== "Active") {
            reportViolation(`Lambda function '${args.name}' has no active tracing (\`tracingConfig.mode\`). `
                + "Set `tracingConfig: { mode: \"Active\" }` on the function.");
        }
    }),
};

/** Deprecated runtimes stop receiving security patches, whatever the language. */
export const lambdaFunctionEnforceCurrentRuntime: ResourceValidationPolicy = {
    name: "lambda-function-enforce-current-runtime",
    description: `Lambda functions must not run on a runtime AWS has deprecated (its runtime table as of ${RUNTIME_TABLE_DATE}), in any language.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Set `runtime` to a supported runtime of the same language; the violation lists them.",
    configSchema: {
        properties: {
            minimumDaysOfSupport: { type: "integer", minimum: 0, default: RUNTIME_DEFAULTS.minimumDaysOfSupport,
                description: "Also flag runtimes deprecated within this many days, to upgrade ahead of the date." },
            asOf: { type: "string", default: RUNTIME_DEFAULTS.asOf,
                description: "The day to judge on (YYYY-MM-DD); empty for the day the rule runs." },
        },
    },
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        const runtime = known(fn, "runtime");
        if (fn.packageType === "Image" || typeof runtime !== "string") {
            return; // container images carry their own runtime; an unknown one is checked by Lambda at `up`
        }
        const deprecation = RUNTIME_DEPRECATION[runtime];
        const { minimumDaysOfSupport, asOf } = configOf(args, RUNTIME_DEFAULTS);
        const today = asOf === "" ? new Date().toISOString().slice(0, 10) : asOf;
        const horizon = new Date(Date.parse(today) + minimumDaysOfSupport * DAY_MS).toISOString().slice(0, 10);
        if (deprecation === undefined || deprecation > horizon) {
            return;
        }
        const when = deprecation <= today ? `was deprecated on ${deprecation}` : `is deprecated on ${deprecation}, within ${minimumDaysOfSupport} days`;
        const successors = successorsOf(runtime, horizon);
        reportViolation(`Lambda function '${args.name}' has \`runtime\` ${runtime}, which ${when}. `
            + (successors.length > 0 ? `Set \`runtime\` to a supported one: ${successors.join(", ")}.` : "Move the function to a supported runtime."));
    }),
};

/** The 128 MB default starves Node.js handlers (CPU scales with memory), which shows up as timeouts under load. */
export const lambdaFunctionConfigureMemorySize: ResourceValidationPolicy = {
    name: "lambda-function-configure-memory-size",
    description: "Lambda functions must set `memorySize` explicitly.",
    enforcementLevel: "mandatory",
    severity: "low",
    remediationSteps: "Set `memorySize` to the size the function was measured with.",
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
    remediationSteps: "Set `timeout` in seconds, below the caller's own timeout.",
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
    remediationSteps: "Store the value in Secrets Manager and pass its ARN (e.g. `<NAME>_ARN`) in the environment instead.",
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
    remediationSteps: "Grant a specific principal and set `sourceArn` (and `sourceAccount` for S3) for service principals.",
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
    remediationSteps: "Set `authorizationType: \"AWS_IAM\"` or remove the URL and go through API Gateway.",
    validateResource: validateResourceOfType(aws.lambda.FunctionUrl, (url, args, reportViolation) => {
        if (url.authorizationType !== "AWS_IAM") {
            reportViolation(`Lambda function URL '${args.name}' has \`authorizationType\` ${url.authorizationType}. `
                + "Set `authorizationType: \"AWS_IAM\"` or remove the URL and go through API Gateway.");
        }
    }),
};
