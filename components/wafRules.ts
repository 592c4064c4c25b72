import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ROUTES } from "../contract/routes";
import { ORIGIN_VERIFY_HEADER } from "./naming";

type WebAclRule = aws.types.input.wafv2.WebAclRule;
type Statement = aws.types.input.wafv2.WebAclRuleStatement;

/**
 * What the `Authorization` header of every SigV4-signed request starts with: the algorithm, then a space
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#add-signature-to-request).
 */
export const SIGV4_AUTHORIZATION_PREFIX = "AWS4-HMAC-SHA256 ";

/** WAF JSON answers for the rules the stack writes (managed groups answer with WAF's own 403). */
export const BLOCK_RESPONSES = {
    forbidden: { status: 403, message: "Forbidden" },
    "too-many-requests": { status: 429, message: "Too many requests" },
    "payload-too-large": { status: 413, message: "Request body too large" },
} as const;

/** CloudWatch metrics and sampled requests, always on (the dashboard and alarms read them). */
export function visibility(metricName: string) {
    return { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

/** The JSON bodies {@link block} answers with, for the ACL's `customResponseBodies`. */
export function customResponseBodies(): aws.types.input.wafv2.WebAclCustomResponseBody[] {
    return Object.entries(BLOCK_RESPONSES).map(([key, r]) => ({ key, contentType: "APPLICATION_JSON", content: JSON.stringify({ message: r.message }) }));
}

/** A block action answering with one of {@link BLOCK_RESPONSES}. */
export function block(key: keyof typeof BLOCK_RESPONSES): aws.types.input.wafv2.WebAclRuleAction {
    return { block: { customResponse: { responseCode: BLOCK_RESPONSES[key].status, customResponseBodyKey: key } } };
}

/** The execute-api host of a REST API: CloudFront's origin, and what internal callers sign for and call. */
export function executeApiHost(restApiId: string, region: string): string {
    return `${restApiId}.execute-api.${region}.amazonaws.com`;
}

/**
 * The contract's IAM (SigV4) routes as the stage's web ACL sees their path: API Gateway hands WAF the path it
 * received on its execute-api endpoint, which starts with the stage (`/live/v1/internal/stock`). A path with
 * `{parameters}` becomes a regular expression matching one segment per parameter.
 */
export function internalRoutePaths(stageName: string): { exact?: string; regex?: string }[] {
    return ROUTES.filter((r) => r.security.kind === "iam").map((r) => {
        const path = `/${stageName}${r.path}`;
        if (!path.includes("{")) return { exact: path };
        const escaped = path.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
        return { regex: `^${escaped.join("[^/]+")}$` };
    });
}

const NO_TRANSFORMATION = [{ priority: 0, type: "NONE" }];

function pathStatement(p: { exact?: string; regex?: string }): Statement {
    return p.exact !== undefined
        ? { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "EXACTLY", searchString: p.exact, textTransformations: NO_TRANSFORMATION } }
        : { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: p.regex!, textTransformations: NO_TRANSFORMATION } };
}

/**
 * The REGIONAL web ACL's rules, in order:
 *
 * 0. `admit-signed-internal` (allow): a SigV4-signed request (Authorization starting `AWS4-HMAC-SHA256 `) to one
 *    of the contract's IAM routes. AWS-side callers sign for the host and path API Gateway receives, so they call
 *    the execute-api endpoint directly: through CloudFront, the host and path they signed would not be the ones
 *    API Gateway checks. WAF only looks at the header's prefix; API Gateway still verifies the signature and
 *    IAM still decides who may invoke, so a forged header gets API Gateway's 403.
 * 1. `require-origin-verify` (block): everything else without CloudFront's origin-verify secret, so nobody
 *    bypasses the edge's rules by calling execute-api directly.
 *
 * Two rules rather than one nested NOT/AND: an allow ends evaluation, and each statement stays within the three
 * levels of nesting the provider's `rules` accept (deeper ones need `ruleJson`, without drift detection).
 * Statement shapes: https://docs.aws.amazon.com/waf/latest/APIReference/API_ByteMatchStatement.html,
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_AndStatement.html (at least two statements, as OR).
 */
export function regionalAclRules(args: { stageName: string; originVerify: pulumi.Input<string>; metricPrefix: string }): WebAclRule[] {
    const paths = internalRoutePaths(args.stageName).map(pathStatement);
    if (paths.length === 0) throw new Error("[regionalAclRules] the contract has no IAM route to admit");
    const signed: Statement = {
        byteMatchStatement: {
            fieldToMatch: { singleHeader: { name: "authorization" } },
            positionalConstraint: "STARTS_WITH",
            searchString: SIGV4_AUTHORIZATION_PREFIX,
            textTransformations: NO_TRANSFORMATION,
        },
    };
    return [
        {
            name: "admit-signed-internal",
            priority: 0,
            action: { allow: {} },
            statement: { andStatement: { statements: [signed, paths.length === 1 ? paths[0] : { orStatement: { statements: paths } }] } },
            visibilityConfig: visibility(`${args.metricPrefix}-admit-signed-internal`),
        },
        {
            name: "require-origin-verify",
            priority: 1,
            action: block("forbidden"),
            // Blocks every request whose origin-verify header is not exactly the secret (absent included).
            statement: {
                notStatement: {
                    statement: {
                        byteMatchStatement: {
                            fieldToMatch: { singleHeader: { name: ORIGIN_VERIFY_HEADER.toLowerCase() } },
                            positionalConstraint: "EXACTLY",
                            searchString: args.originVerify,
                            textTransformations: NO_TRANSFORMATION,
                        },
                    },
                },
            },
            visibilityConfig: visibility(`${args.metricPrefix}-origin-verify`),
        },
    ];
}
