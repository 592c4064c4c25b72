/**
 * Deploy rules across resources that mocks and the provider cannot see: each stops a `pulumi up` that the service
 * would refuse half-way (or a stack that would fight another over an account-wide setting).
 */
import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { refersTo } from "../lib/links";
import { lambdaIntegrations } from "../lib/openapi";
import { asRecord, asStrings, known } from "../lib/values";

/** Lambda keeps this many of the account's concurrent executions unreserved, whatever functions reserve. */
const MINIMUM_UNRESERVED_CONCURRENCY = 100;

/** Config of the concurrency rule: the account's quota, which differs per account and region once raised. */
interface ConcurrencyConfig {
    /** The account's concurrent executions quota in the stack's region (`lambda.accountConcurrencyLimit`). */
    accountConcurrencyLimit: number;
}

/** AWS's default quota: 1,000 concurrent executions per account and region. */
const CONCURRENCY_DEFAULTS: ConcurrencyConfig = Object.freeze({ accountConcurrencyLimit: 1000 });

/** A function's reserved concurrency, when it reserves any (unset and -1 reserve nothing). */
function reservedOf(fn: PolicyResource): number | undefined {
    const value = known(fn.props, "reservedConcurrentExecutions");
    return typeof value === "number" && value >= 0 ? value : undefined;
}

/**
 * PutFunctionConcurrency fails when the reservations would leave fewer than 100 unreserved
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html); the functions created after the
 * limit is reached fail, and the deploy stops half-way.
 */
export const stackLambdaConfigureReservedConcurrencyHeadroom: StackValidationPolicy = {
    name: "stack-lambda-configure-reserved-concurrency-headroom",
    description: `Reserved concurrency summed over the stack's Lambda functions must leave at least ${MINIMUM_UNRESERVED_CONCURRENCY} of the account's concurrency unreserved.`,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Lower `reservedConcurrentExecutions`, or raise the account's quota and `accountConcurrencyLimit`.",
    configSchema: { properties: { accountConcurrencyLimit: { type: "integer", minimum: 1, default: CONCURRENCY_DEFAULTS.accountConcurrencyLimit,
        description: "The account's concurrent executions quota in the stack's region (the stack's `lambda.accountConcurrencyLimit`)." } } },
    validateStack: (args, reportViolation) => {
        const { accountConcurrencyLimit } = configOf(args, CONCURRENCY_DEFAULTS);
        const reserving = args.resources.filter((r) => r.isType(aws.lambda.Function) && reservedOf(r) !== undefined);
        const total = reserving.reduce((sum, r) => sum + (reservedOf(r) ?? 0), 0);
        const unreserved = accountConcurrencyLimit - total;
        if (unreserved < MINIMUM_UNRESERVED_CONCURRENCY) {
            const list = reserving.map((r) => `${r.name} ${reservedOf(r)}`).join(", ");
            reportViolation(`The stack's Lambda functions reserve ${total} concurrent executions (${list}), leaving ${unreserved} of the account's ${accountConcurrencyLimit}; `
                + `Lambda refuses reservations that leave fewer than ${MINIMUM_UNRESERVED_CONCURRENCY} unreserved. `
                + "Reserve only where it protects something, or set `accountConcurrencyLimit` to the account's raised quota.");
        }
    },
};

/** Lambda's timeout when `timeout` is not set. https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
const LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

/** The function an integration's ARN names: by ARN, else by the name after `:function:` (qualifier dropped). */
function invokedFunction(functionArn: string, functions: PolicyResource[]): PolicyResource | undefined {
    const name = /:function:([^:]+)/.exec(functionArn)?.[1];
    return functions.find((fn) => known(fn.props, "arn") === functionArn || (name !== undefined && known(fn.props, "name") === name));
}

/**
 * API Gateway ends the request with 504 when the integration times out; a function allowed to run that long (or
 * longer) turns every slow dependency into a 504 instead of the function's own 503 with `Retry-After`.
 */
export const stackLambdaEnforceTimeoutBelowIntegration: StackValidationPolicy = {
    name: "stack-lambda-enforce-timeout-below-integration",
    description: "Every Lambda function a REST API route invokes must time out before the route's integration does (timeoutInMillis, default 29 s).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Set the function's `timeout` below the route's integration `timeoutInMillis`.",
    validateStack: (args, reportViolation) => {
        const functions = args.resources.filter((r) => r.isType(aws.lambda.Function));
        const late = new Map<PolicyResource, string[]>();
        for (const api of args.resources.filter((r) => r.isType(aws.apigateway.RestApi))) {
            for (const route of lambdaIntegrations(known(api.props, "body"))) {
                const fn = invokedFunction(route.functionArn, functions);
                const timeout = fn === undefined ? undefined : known(fn.props, "timeout") ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS;
                if (fn !== undefined && typeof timeout === "number" && timeout * 1000 >= route.timeoutMs) {
                    late.set(fn, [...(late.get(fn) ?? []), `${route.method} ${route.path} on '${api.name}' (${route.timeoutMs} ms)`]);
                }
            }
        }
        for (const [fn, routes] of late) {
            reportViolation(`Lambda function '${fn.name}' has \`timeout\` ${String(known(fn.props, "timeout") ?? LAMBDA_DEFAULT_TIMEOUT_SECONDS)} s, not below the integration timeout of ${routes.join(", ")}. `
                + "Lower the function's `timeout` below the integration's `timeoutInMillis` (or raise that, up to 29000).", fn.urn);
        }
    },
};

/** Config of the Shield rule: whether the account holds a Shield Advanced subscription made elsewhere. */
interface ShieldSubscriptionConfig {
    /** True when the account already subscribes (the bootstrap program's `shieldAdvancedSubscription`). */
    shieldSubscribed: boolean;
}

/** Default of {@link ShieldSubscriptionConfig}: no subscription is assumed. */
const SHIELD_SUBSCRIPTION_DEFAULTS: ShieldSubscriptionConfig = Object.freeze({ shieldSubscribed: false });

/** CreateProtection fails with "The subscription does not exist" in an account without Shield Advanced. */
export const stackShieldProtectionMissingSubscription: StackValidationPolicy = {
    name: "stack-shield-protection-missing-subscription",
    description: "A Shield Advanced protection needs an `aws.shield.Subscription` in the stack, or policy config stating the account is subscribed.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Add `aws.shield.Subscription` (bootstrap program) or set `shieldSubscribed: true` when the account already holds one.",
    configSchema: { properties: { shieldSubscribed: { type: "boolean", default: SHIELD_SUBSCRIPTION_DEFAULTS.shieldSubscribed,
        description: "True when the account already holds a Shield Advanced subscription (the stack's `edge.shieldSubscribed`)." } } },
    validateStack: (args, reportViolation) => {
        const { shieldSubscribed } = configOf(args, SHIELD_SUBSCRIPTION_DEFAULTS);
        if (shieldSubscribed || args.resources.some((r) => r.isType(aws.shield.Subscription))) {
            return;
        }
        for (const p of args.resources.filter((r) => r.isType(aws.shield.Protection))) {
            reportViolation(`Shield protection '${p.name}' has no \`aws.shield.Subscription\` in the stack and the policy config does not state \`shieldSubscribed: true\`; `
                + "CreateProtection fails with \"The subscription does not exist\". Subscribe the account (the bootstrap program's `shieldAdvancedSubscription`, USD 3,000 per month for one year), then set `shieldSubscribed`.", p.urn);
        }
    },
};

/** CloudFront and its WAF, Shield and logs live in the global partition's us-east-1. */
const CLOUDFRONT_REGION = "us-east-1";

/** The engine names a stack's default provider `default` or `default_<version>` (e.g. `default_7_48_0`). */
const DEFAULT_PROVIDER_NAME = /^default(_|$)/;

/**
 * Where a resource is created: its own `region` input, else its provider's. The engine hands every custom
 * resource its provider, the stack's default one included, whose inputs are the stack's `aws:*` config, so a
 * resource on the default provider of a us-east-1 stack is in us-east-1. Undefined when the region is not
 * known: no provider (a hand-written resource list), or a provider whose region is unknown during preview or
 * comes from the environment (`AWS_REGION`), which the engine does not show.
 */
function regionOf(r: PolicyResource): { region: string; where: string } | undefined {
    const own = known(r.props, "region");
    if (typeof own === "string") {
        return { region: own, where: `region ${own}` };
    }
    const region = r.provider === undefined ? undefined : known(r.provider.props, "region");
    if (typeof region !== "string") {
        return undefined;
    }
    const isDefault = r.provider?.type === "pulumi:providers:aws" && DEFAULT_PROVIDER_NAME.test(r.provider.name);
    return { region, where: isDefault ? `the default provider (the stack's \`aws:region\` ${region})` : `region ${region}` };
}

/** The resources that must be created in us-east-1 because CloudFront uses them, each with the reason. */
function cloudfrontScoped(resources: PolicyResource[]): { resource: PolicyResource; why: string }[] {
    const acls = resources.filter((r) => r.isType(aws.wafv2.WebAcl) && known(r.props, "scope") === "CLOUDFRONT");
    const distributions = resources.filter((r) => r.isType(aws.cloudfront.Distribution));
    const scoped: { resource: PolicyResource; why: string }[] = acls.map((acl) => ({ resource: acl, why: "a CLOUDFRONT-scope web ACL" }));
    for (const logging of resources.filter((r) => r.isType(aws.wafv2.WebAclLoggingConfiguration))) {
        const acl = acls.find((a) => refersTo(logging, "resourceArn", a, ["arn"]));
        if (acl === undefined) {
            continue;
        }
        scoped.push({ resource: logging, why: `the logging configuration of CLOUDFRONT-scope web ACL '${acl.name}'` });
        const destinations = asStrings(known(logging.props, "logDestinationConfigs"));
        for (const group of resources.filter((r) => r.isType(aws.cloudwatch.LogGroup))) {
            const arn = known(group.props, "arn");
            const linked = (typeof arn === "string" && destinations.some((d) => d === arn || d === `${arn}:*`))
                || (logging.propertyDependencies["logDestinationConfigs"] ?? []).some((d) => d.urn === group.urn);
            if (linked) {
                scoped.push({ resource: group, why: `the log group of CLOUDFRONT-scope web ACL '${acl.name}'` });
            }
        }
    }
    for (const d of distributions) {
        const certificate = known(asRecord(known(d.props, "viewerCertificate")), "acmCertificateArn");
        for (const cert of resources.filter((r) => r.isType(aws.acm.Certificate))) {
            if ((typeof certificate === "string" && known(cert.props, "arn") === certificate)
                || (d.propertyDependencies["viewerCertificate"] ?? []).some((x) => x.urn === cert.urn)) {
                scoped.push({ resource: cert, why: `the ACM certificate of CloudFront distribution '${d.name}'` });
            }
        }
        for (const p of resources.filter((r) => r.isType(aws.shield.Protection) && refersTo(r, "resourceArn", d, ["arn"]))) {
            scoped.push({ resource: p, why: `the Shield protection of CloudFront distribution '${d.name}'` });
        }
        for (const s of resources.filter((r) => r.isType(aws.cloudwatch.LogDeliverySource) && refersTo(r, "resourceArn", d, ["arn"]))) {
            scoped.push({ resource: s, why: `the access-log delivery source of CloudFront distribution '${d.name}'` });
        }
    }
    return scoped;
}

/** The certificate ARNs distributions name directly, which must be us-east-1 ARNs whoever created them. */
function certificateArnsOutsideUsEast1(resources: PolicyResource[]): { distribution: PolicyResource; arn: string }[] {
    return resources.filter((r) => r.isType(aws.cloudfront.Distribution)).flatMap((d) => {
        const arn = known(asRecord(known(d.props, "viewerCertificate")), "acmCertificateArn");
        return typeof arn === "string" && arn.startsWith("arn:") && arn.split(":")[3] !== CLOUDFRONT_REGION ? [{ distribution: d, arn }] : [];
    });
}

/**
 * WAF CLOUDFRONT scope, CloudFront's certificates, the Shield protection of a distribution and CloudFront's log
 * delivery exist only in us-east-1: created through the stack's regional provider they fail at `up`.
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html (Scope),
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
 */
export const stackCloudfrontResourceEnforceUsEast1: StackValidationPolicy = {
    name: "stack-cloudfront-resource-enforce-us-east-1",
    description: "Resources CloudFront uses (CLOUDFRONT-scope web ACLs and their logging and log groups, ACM certificates, Shield protections and log delivery sources of distributions) must be created in us-east-1.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Create the resource with a us-east-1 provider.",
    validateStack: (args, reportViolation) => {
        const seen = new Set<string>();
        for (const { resource, why } of cloudfrontScoped(args.resources)) {
            const placed = regionOf(resource);
            if (placed === undefined || placed.region === CLOUDFRONT_REGION || seen.has(resource.urn)) {
                continue;
            }
            seen.add(resource.urn);
            reportViolation(`${resource.type} '${resource.name}' is ${why} but is created in ${placed.where}. `
                + "Create it with a provider whose `region` is us-east-1 (or its own `region: \"us-east-1\"`).", resource.urn);
        }
        for (const { distribution, arn } of certificateArnsOutsideUsEast1(args.resources)) {
            reportViolation(`CloudFront distribution '${distribution.name}' uses certificate ${arn} (\`viewerCertificate.acmCertificateArn\`), which is not in us-east-1. `
                + "Request or import the certificate in us-east-1.", distribution.urn);
        }
    },
};

/**
 * `aws.apigateway.Account` is one setting per account and region: two owners overwrite each other's CloudWatch
 * role on every update. It belongs to the bootstrap program (`bootstrap/`), or to exactly one stack per account
 * and region (`gateway.manageAccountCloudWatchRole`).
 */
export const stackApigatewayAccountEnforceSingleOwner: StackValidationPolicy = {
    name: "stack-apigateway-account-enforce-single-owner",
    description: "A stack may hold at most one `aws.apigateway.Account`; the account-level setting belongs to one owner per account and region (the bootstrap program by default).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Keep one `aws.apigateway.Account` per account and region, in the bootstrap program or one stack.",
    validateStack: (args, reportViolation) => {
        const accounts = args.resources.filter((r) => r.isType(aws.apigateway.Account));
        if (accounts.length > 1) {
            reportViolation(`The stack has ${accounts.length} \`aws.apigateway.Account\` resources (${accounts.map((a) => a.name).join(", ")}), which overwrite each other's CloudWatch role. `
                + "Keep one, owned by the bootstrap program or by the single stack with `gateway.manageAccountCloudWatchRole: true`.");
        }
    },
};

