import * as aws from "@pulumi/aws";
import * as deploy from "../../../policies/rules/stack-deploy";
import { OfflineResource } from "../../../policies/offline";
import { change, changeBody, typeOf, without } from "../fixtures";
import { RuleCase } from "../harness";

/** A Lambda function of its own, reserving `reserved` concurrent executions. */
const fn = (name: string, reserved: number): OfflineResource => ({
    type: typeOf(aws.lambda.Function), name, urn: `urn:pulumi:prod::portcullis::aws:lambda/function:Function::${name}`,
    props: { name, role: "arn:aws:iam::1:role/r", runtime: "nodejs22.x", handler: "index.handler", memorySize: 512, timeout: 10,
        tracingConfig: { mode: "Active" }, reservedConcurrentExecutions: reserved },
});

/** The REST API body routes GET /v1/items to the function named `catalog-read` with this integration timeout. */
const integrate = (resources: OfflineResource[], timeoutInMillis?: number) => changeBody(change(resources, "catalog-read", { name: "catalog-read" }), (doc) => {
    doc.paths["/v1/items"].get["x-amazon-apigateway-integration"] = { type: "aws_proxy", httpMethod: "POST",
        uri: "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:1:function:catalog-read/invocations",
        ...(timeoutInMillis === undefined ? {} : { timeoutInMillis }) };
});

/** Moves a resource to another provider (undefined: none known, as in a hand-written resource list). */
const onProvider = (resources: OfflineResource[], name: string, provider: OfflineResource["provider"]) =>
    resources.map((r) => (r.name === name ? { ...r, provider } : r));

const account = (name: string): OfflineResource => ({ type: typeOf(aws.apigateway.Account), name, props: { cloudwatchRoleArn: "arn:aws:iam::1:role/apigw-logs" } });

const EU_WEST_1: OfflineResource["provider"] = { type: "pulumi:providers:aws", name: "eu", urn: "urn:pulumi:prod::portcullis::pulumi:providers:aws::eu", props: { region: "eu-west-1" } };

/** The stack's default provider as the engine sends it: named after the plugin version, its inputs the stack's `aws:*` config. */
const defaultProvider = (region: string): OfflineResource["provider"] => ({ type: "pulumi:providers:aws", name: "default_7_48_0",
    urn: "urn:pulumi:prod::portcullis::pulumi:providers:aws::default_7_48_0", props: { region } });

/** Cases of the cross-resource deploy rules: each variant builds the resources AWS would refuse at `up`. */
export const DEPLOY_CASES: RuleCase[] = [
    { rule: deploy.stackLambdaConfigureReservedConcurrencyHeadroom, variants: [{
        change: "eleven functions reserve 50 each against the default quota of 1000 (prod before the fix had 550, plus the rest)",
        resources: (s) => [...s, ...Array.from({ length: 11 }, (_, i) => fn(`fn-${i + 1}`, 50)), fn("big", 400)],
        messages: ["The stack's Lambda functions reserve 950 concurrent executions (fn-1 50, fn-2 50, fn-3 50, fn-4 50, fn-5 50, fn-6 50, fn-7 50, fn-8 50, fn-9 50, fn-10 50, fn-11 50, big 400), leaving 50 of the account's 1000; Lambda refuses reservations that leave fewer than 100 unreserved. Reserve only where it protects something, or set `accountConcurrencyLimit` to the account's raised quota."],
    }], passing: [{
        change: "reservations leave exactly 100 unreserved, and -1 reserves nothing",
        resources: (s) => [...s, fn("a", 450), fn("b", 450), fn("c", -1)],
    }] },
    { rule: deploy.stackLambdaEnforceTimeoutBelowIntegration, variants: [{
        change: "a 10 s function sits behind a 10 s integration",
        resources: (s) => integrate(s, 10_000),
        messages: ["Lambda function 'catalog-read' has `timeout` 10 s, not below the integration timeout of GET /v1/items on 'api' (10000 ms). Lower the function's `timeout` below the integration's `timeoutInMillis` (or raise that, up to 29000)."],
    }, {
        change: "a 30 s function sits behind the default 29 s integration timeout",
        resources: (s) => change(integrate(s), "catalog-read", { timeout: 30 }),
        messages: ["Lambda function 'catalog-read' has `timeout` 30 s, not below the integration timeout of GET /v1/items on 'api' (29000 ms). Lower the function's `timeout` below the integration's `timeoutInMillis` (or raise that, up to 29000)."],
    }], passing: [{
        change: "the function times out a second before its integration",
        resources: (s) => change(integrate(s, 10_000), "catalog-read", { timeout: 9 }),
    }] },
    { rule: deploy.stackShieldProtectionMissingSubscription, variants: [{
        change: "the distribution is protected but nothing subscribes the account",
        resources: (s) => without(s, "shield-subscription"),
        messages: ["Shield protection 'cdn-shield' has no `aws.shield.Subscription` in the stack and the policy config does not state `shieldSubscribed: true`; CreateProtection fails with \"The subscription does not exist\". Subscribe the account (the bootstrap program's `shieldAdvancedSubscription`, USD 3,000 per month for one year), then set `shieldSubscribed`."],
    }] },
    { rule: deploy.stackCloudfrontResourceEnforceUsEast1, variants: [{
        change: "the CLOUDFRONT-scope web ACL and its logging use the default provider of a eu-west-1 stack",
        resources: (s) => onProvider(onProvider(s, "edge-acl", defaultProvider("eu-west-1")), "edge-acl-logs", defaultProvider("eu-west-1")),
        messages: [
            "aws:wafv2/webAcl:WebAcl 'edge-acl' is a CLOUDFRONT-scope web ACL but is created in the default provider (the stack's `aws:region` eu-west-1). Create it with a provider whose `region` is us-east-1 (or its own `region: \"us-east-1\"`).",
            "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration 'edge-acl-logs' is the logging configuration of CLOUDFRONT-scope web ACL 'edge-acl' but is created in the default provider (the stack's `aws:region` eu-west-1). Create it with a provider whose `region` is us-east-1 (or its own `region: \"us-east-1\"`).",
        ],
    }, {
        change: "the distribution's Shield protection and log source go through a eu-west-1 provider",
        resources: (s) => onProvider(onProvider(s, "cdn-shield", EU_WEST_1), "cdn-logs-source", EU_WEST_1),
        messages: [
            "aws:shield/protection:Protection 'cdn-shield' is the Shield protection of CloudFront distribution 'cdn' but is created in region eu-west-1. Create it with a provider whose `region` is us-east-1 (or its own `region: \"us-east-1\"`).",
            "aws:cloudwatch/logDeliverySource:LogDeliverySource 'cdn-logs-source' is the access-log delivery source of CloudFront distribution 'cdn' but is created in region eu-west-1. Create it with a provider whose `region` is us-east-1 (or its own `region: \"us-east-1\"`).",
        ],
    }, {
        change: "the distribution's certificate is a eu-west-1 certificate",
        resources: (s) => change(s, "cdn", (p) => ({ ...p, viewerCertificate: { ...(p["viewerCertificate"] as object), acmCertificateArn: "arn:aws:acm:eu-west-1:1:certificate/c" } })),
        messages: ["CloudFront distribution 'cdn' uses certificate arn:aws:acm:eu-west-1:1:certificate/c (`viewerCertificate.acmCertificateArn`), which is not in us-east-1. Request or import the certificate in us-east-1."],
    }], passing: [{
        change: "the CLOUDFRONT-scope web ACL sets its own region on the default provider of a eu-west-1 stack",
        resources: (s) => change(onProvider(s, "edge-acl", defaultProvider("eu-west-1")), "edge-acl", { region: "us-east-1" }),
    }, {
        change: "the CLOUDFRONT-scope web ACL and its logging use the default provider of a us-east-1 stack (the public examples' shape)",
        resources: (s) => onProvider(onProvider(s, "edge-acl", defaultProvider("us-east-1")), "edge-acl-logs", defaultProvider("us-east-1")),
    }, {
        change: "the web ACL's provider is not known (a resource list without providers), so its region is not judged",
        resources: (s) => onProvider(s, "edge-acl", undefined),
    }] },
    { rule: deploy.stackApigatewayAccountEnforceSingleOwner, variants: [{
        change: "two API Gateway account settings fight over the CloudWatch role",
        resources: (s) => [...s, account("gateway-account"), account("bootstrap-account")],
        messages: ["The stack has 2 `aws.apigateway.Account` resources (gateway-account, bootstrap-account), which overwrite each other's CloudWatch role. Keep one, owned by the bootstrap program or by the single stack with `gateway.manageAccountCloudWatchRole: true`."],
    }], passing: [{
        change: "one stack owns the setting",
        resources: (s) => [...s, account("gateway-account")],
    }] },
];
