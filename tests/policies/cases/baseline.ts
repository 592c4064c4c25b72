/**
 * Cases of the general baseline rules, for resources the Portcullis stacks do not create: each adds one resource
 * (or a few linked ones) to the secure fixture, secure in `passing` and with one hole in each variant.
 */
import * as aws from "@pulumi/aws";
import * as apigatewayv2 from "../../../policies/rules/apigatewayv2";
import * as ec2 from "../../../policies/rules/ec2";
import * as ecr from "../../../policies/rules/ecr";
import * as ecs from "../../../policies/rules/ecs";
import * as iamUser from "../../../policies/rules/iam-user";
import * as kinesis from "../../../policies/rules/kinesis";
import * as lb from "../../../policies/rules/lb";
import * as rdsInstance from "../../../policies/rules/rds-instance";
import * as s3Policy from "../../../policies/rules/s3-policy";
import * as sns from "../../../policies/rules/sns";
import * as sqs from "../../../policies/rules/sqs";
import { OfflineResource } from "../../../policies/offline";
import { typeOf } from "../fixtures";
import { RuleCase } from "../harness";

type Props = Record<string, unknown>;

/** A resource to add: its class, name and props (`outputs` default to the props plus `arn` and `id`). */
type Added = [cls: unknown, name: string, props: Props];

/** Adds the resources to the fixture, in the fixture's stack, each with a mocked `arn` and `id`. */
function add(...added: Added[]): (base: OfflineResource[]) => OfflineResource[] {
    return (base) => {
        const stack = /^urn:pulumi:([^:]+)::/.exec(base[0]?.urn ?? "")?.[1] ?? "prod";
        return [...base, ...added.map(([cls, name, props]): OfflineResource => {
            const type = typeOf(cls);
            return { type, name, urn: `urn:pulumi:${stack}::portcullis::${type}::${name}`, props,
                outputs: { arn: `arn:aws:mock:::${name}`, id: `${name}-id`, ...props } };
        })];
    };
}

/** A JSON policy document with one statement. */
const policy = (statement: Props) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const PUBLIC_READ = { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "*" };
const fixPrincipal = "Name the accounts, services or roles in `Principal`, or add a condition such as `aws:SourceArn`, `aws:SourceAccount` or `aws:PrincipalOrgID`.";
const ADMIN = policy({ Effect: "Allow", Action: "*", Resource: "*" });
const fixAdmin = "Grant the user only the actions it uses, or give people administrator access through an assumed role or IAM Identity Center.";

const HTTP_API: Added = [aws.apigatewayv2.Api, "http-api", { protocolType: "HTTP", name: "http-api" }];
const WS_API: Added = [aws.apigatewayv2.Api, "ws-api", { protocolType: "WEBSOCKET", name: "ws-api", routeSelectionExpression: "$request.body.action" }];
const route = (name: string, routeKey: string, apiId: string, auth?: string): Added =>
    [aws.apigatewayv2.Route, name, { apiId, routeKey, ...(auth ? { authorizationType: auth, authorizerId: "auth-id" } : {}) }];
const STAGE = { apiId: "http-api-id", name: "$default", autoDeploy: true,
    accessLogSettings: { destinationArn: "arn:aws:logs:eu-west-1:123456789012:log-group:api", format: "$context.requestId" },
    defaultRouteSettings: { throttlingRateLimit: 100, throttlingBurstLimit: 50 } };

const DB = { instanceClass: "db.t4g.micro", engine: "postgres", allocatedStorage: 20, storageEncrypted: true,
    backupRetentionPeriod: 7, deletionProtection: true, publiclyAccessible: false, manageMasterUserPassword: true, username: "app" };

const sg = (ingress: Props[]): Added => [aws.ec2.SecurityGroup, "web-sg", { vpcId: "vpc-1", ingress, egress: [] }];
const tcp = (fromPort: number, toPort: number, cidrBlocks = ["0.0.0.0/0"]) => ({ protocol: "tcp", fromPort, toPort, cidrBlocks });

const ALB: Added = [aws.lb.LoadBalancer, "web-alb", { loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"] }];
const forward = [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:tg" }];
const redirect = [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }];
const listener = (cls: unknown, name: string, props: Props): Added => [cls, name, { loadBalancerArn: "arn:aws:mock:::web-alb", port: 80, ...props }];

const task = (environment: Props[]): Added => [aws.ecs.TaskDefinition, "app-task", { family: "app", containerDefinitions: JSON.stringify([
    { name: "app", image: "app:1", environment, secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }] }]) }];

/** Cases of the baseline rules. */
export const BASELINE_CASES: RuleCase[] = [
    { rule: apigatewayv2.apigatewayv2RouteMissingAuthorization,
        passing: [
            { change: "every HTTP route has an authorizer and preflight is open", resources: add(HTTP_API,
                route("proxy", "ANY /{proxy+}", "http-api-id", "JWT"), route("preflight", "OPTIONS /{proxy+}", "http-api-id")) },
            { change: "a WebSocket API authorizes $connect and not its message routes", resources: add(WS_API,
                route("connect", "$connect", "ws-api-id", "CUSTOM"), route("ws-default", "$default", "ws-api-id"), route("send", "sendmessage", "ws-api-id")) },
        ],
        variants: [{
            change: "an HTTP API's catch-all route is open",
            resources: add(HTTP_API, route("proxy", "ANY /{proxy+}", "http-api-id")),
            messages: ["API Gateway v2 route 'proxy' (ANY /{proxy+}) has `authorizationType` NONE. Set `authorizationType` to JWT, CUSTOM or AWS_IAM with an `authorizerId`."],
        }, {
            change: "an HTTP API's $default route is open",
            resources: add(HTTP_API, route("default", "$default", "http-api-id", "NONE")),
            messages: ["API Gateway v2 route 'default' ($default) has `authorizationType` NONE. Set `authorizationType` to JWT, CUSTOM or AWS_IAM with an `authorizerId`."],
        }, {
            change: "a WebSocket API's $connect is open",
            resources: add(WS_API, route("connect", "$connect", "ws-api-id")),
            messages: ["API Gateway v2 route 'connect' ($connect) has `authorizationType` NONE. Set `authorizationType` to JWT, CUSTOM or AWS_IAM with an `authorizerId`."],
        }] },
    { rule: apigatewayv2.apigatewayv2ApiDisallowQuickCreate,
        passing: [{ change: "the HTTP API declares its routes and stage", resources: add(HTTP_API) }],
        variants: [{
            change: "the HTTP API is quick-created for a function",
            resources: add([aws.apigatewayv2.Api, "hooks", { protocolType: "HTTP", target: "arn:aws:lambda:eu-west-1:123456789012:function:hooks" }]),
            messages: ["API Gateway v2 API 'hooks' uses quick create (`target`): its `$default` route has no authorization and its stage no access logs or throttling. Remove `target` and declare an `Integration`, `Route`s with an authorizer and a `Stage`."],
        }] },
    { rule: apigatewayv2.apigatewayv2StageMissingAccessLogs,
        passing: [{ change: "the HTTP API stage logs to CloudWatch", resources: add([aws.apigatewayv2.Stage, "stage", STAGE]) }],
        variants: [{
            change: "the stage writes no access logs",
            resources: add([aws.apigatewayv2.Stage, "stage", { ...STAGE, accessLogSettings: undefined }]),
            messages: ["API Gateway v2 stage 'stage' has no `accessLogSettings.destinationArn`. Set `accessLogSettings: { destinationArn: logGroup.arn, format }`."],
        }] },
    { rule: apigatewayv2.apigatewayv2StageConfigureDefaultThrottling,
        passing: [{ change: "the HTTP API stage is throttled", resources: add([aws.apigatewayv2.Stage, "stage", STAGE]) }],
        variants: [{
            change: "the stage sets no burst limit",
            resources: add([aws.apigatewayv2.Stage, "stage", { ...STAGE, defaultRouteSettings: { throttlingRateLimit: 100 } }]),
            messages: ["API Gateway v2 stage 'stage' has no `defaultRouteSettings` throttling. Set `defaultRouteSettings: { throttlingRateLimit, throttlingBurstLimit }`."],
        }] },
    { rule: rdsInstance.rdsInstanceEnforceStorageEncryption,
        passing: [
            { change: "the DB instance is encrypted", resources: add([aws.rds.Instance, "pg", DB]) },
            { change: "a read replica inherits its source's encryption", resources: add([aws.rds.Instance, "pg-replica", { instanceClass: "db.t4g.micro", replicateSourceDb: "pg" }]) },
        ],
        variants: [{
            change: "the DB instance's storage is unencrypted",
            resources: add([aws.rds.Instance, "pg", { ...DB, storageEncrypted: undefined }]),
            messages: ["RDS instance 'pg' has `storageEncrypted` off. Set `storageEncrypted: true` (and `kmsKeyId` for a customer-managed key)."],
        }] },
    { rule: rdsInstance.rdsInstanceConfigureBackupRetention,
        passing: [{ change: "the DB instance keeps a week of backups", resources: add([aws.rds.Instance, "pg", DB]) }],
        variants: [{
            change: "the DB instance keeps the API default of one day",
            resources: add([aws.rds.Instance, "pg", { ...DB, backupRetentionPeriod: undefined }]),
            messages: ["RDS instance 'pg' has `backupRetentionPeriod` 1. Set `backupRetentionPeriod` to at least 7."],
        }, {
            change: "backups are off",
            resources: add([aws.rds.Instance, "pg", { ...DB, backupRetentionPeriod: 0 }]),
            messages: ["RDS instance 'pg' has `backupRetentionPeriod` 0. Set `backupRetentionPeriod` to at least 7."],
        }] },
    { rule: rdsInstance.rdsInstanceEnableDeletionProtection,
        passing: [{ change: "the prod DB instance is protected", resources: add([aws.rds.Instance, "pg", DB]) }],
        variants: [{
            change: "the prod DB instance has no deletion protection",
            resources: add([aws.rds.Instance, "pg", { ...DB, deletionProtection: false }]),
            messages: ["RDS instance 'pg' has `deletionProtection` off in a production stack. Set `deletionProtection: true` on the instance."],
        }] },
    { rule: ec2.ec2SecurityGroupDisallowOpenIngress,
        passing: [
            { change: "only 80 and 443 are open to anywhere, SSH to one network", resources: add(sg([tcp(80, 80), tcp(443, 443), tcp(22, 22, ["10.0.0.0/8"]),
                { protocol: "icmp", fromPort: 8, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }])) },
            { change: "separate rules open 443 to IPv4 and IPv6", resources: add(
                [aws.vpc.SecurityGroupIngressRule, "https-v4", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }],
                [aws.ec2.SecurityGroupRule, "https-v6", { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }]) },
        ],
        variants: [{
            change: "SSH is open to the world in an inline ingress block",
            resources: add(sg([tcp(443, 443), tcp(22, 22)])),
            messages: ["Security group 'web-sg' (`ingress[1]`) allows ingress from 0.0.0.0/0 on tcp port 22. Restrict the source to known networks or security groups; only ports 80, 443 may be open to anywhere."],
        }, {
            change: "a range from 80 to 443 is open",
            resources: add(sg([tcp(80, 443)])),
            messages: ["Security group 'web-sg' (`ingress[0]`) allows ingress from 0.0.0.0/0 on tcp ports 80-443. Restrict the source to known networks or security groups; only ports 80, 443 may be open to anywhere."],
        }, {
            change: "a vpc ingress rule opens all traffic to ::/0",
            resources: add([aws.vpc.SecurityGroupIngressRule, "all-v6", { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv6: "::/0" }]),
            messages: ["Security group ingress rule 'all-v6' allows ingress from ::/0 on all ports. Restrict the source to known networks or security groups; only ports 80, 443 may be open to anywhere."],
        }, {
            change: "a security group rule opens PostgreSQL",
            resources: add([aws.ec2.SecurityGroupRule, "pg-open", { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }]),
            messages: ["Security group rule 'pg-open' allows ingress from 0.0.0.0/0 on tcp port 5432. Restrict the source to known networks or security groups; only ports 80, 443 may be open to anywhere."],
        }] },
    { rule: lb.lbListenerEnforceHttpsRedirect,
        passing: [
            { change: "port 80 redirects to an HTTPS listener", resources: add(ALB, listener(aws.lb.Listener, "http", { protocol: "HTTP", defaultActions: redirect }),
                listener(aws.lb.Listener, "https", { port: 443, protocol: "HTTPS", certificateArn: "arn:aws:acm:cert", defaultActions: forward })) },
            { change: "a network load balancer forwards TCP", resources: add([aws.lb.LoadBalancer, "web-alb", { loadBalancerType: "network" }],
                listener(aws.lb.Listener, "tcp", { defaultActions: forward })) },
        ],
        variants: [{
            change: "an ALB listener forwards plain HTTP",
            resources: add(ALB, listener(aws.lb.Listener, "http", { protocol: "HTTP", defaultActions: forward })),
            messages: ["Load balancer listener 'http' serves plain HTTP (`protocol` HTTP) without redirecting to HTTPS. Set `defaultActions: [{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }]` and serve the application from an HTTPS listener."],
        }, {
            change: "an aws.alb listener without a protocol forwards (ALBs default to HTTP)",
            resources: add(ALB, listener(aws.alb.Listener, "web", { defaultActions: forward })),
            messages: ["Load balancer listener 'web' serves plain HTTP (`protocol` HTTP) without redirecting to HTTPS. Set `defaultActions: [{ type: \"redirect\", redirect: { protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }]` and serve the application from an HTTPS listener."],
        }] },
    { rule: ecs.ecsTaskDefinitionDisallowSecretEnvironment,
        passing: [{ change: "secrets come from Secrets Manager and the environment holds references only",
            resources: add(task([{ name: "DB_SECRET_ARN", value: "arn:aws:secretsmanager:x" }, { name: "PORT", value: "8080" },
                { name: "TOKEN_TTL", value: "3600" }, { name: "PASSWORD_MIN_LENGTH", value: "12" }, { name: "API_KEY_HEADER", value: "x-api-key" }])) }],
        variants: [{
            change: "a password and an access key are plain environment variables",
            resources: add(task([{ name: "PORT", value: "8080" }, { name: "ADMIN_PASSWORD", value: "hunter2" }, { name: "UPLOADER", value: "AKIAABCDEFGHIJKLMNOP" }])),
            messages: ["ECS task definition 'app-task' container 'app' has ADMIN_PASSWORD, UPLOADER in plain `environment`. Move each to `secrets: [{ name, valueFrom: <Secrets Manager or SSM parameter ARN> }]`."],
        }] },
    { rule: sqs.sqsQueueEnforceEncryption,
        passing: [{ change: "the queue keeps SSE-SQS", resources: add([aws.sqs.Queue, "jobs", {}]) },
            { change: "the queue uses a KMS key", resources: add([aws.sqs.Queue, "jobs", { sqsManagedSseEnabled: false, kmsMasterKeyId: "alias/aws/sqs" }]) }],
        variants: [{
            change: "SSE-SQS is turned off without a KMS key",
            resources: add([aws.sqs.Queue, "jobs", { sqsManagedSseEnabled: false }]),
            messages: ["SQS queue 'jobs' has `sqsManagedSseEnabled` false and no `kmsMasterKeyId`. Remove `sqsManagedSseEnabled: false`, or set `kmsMasterKeyId` to a KMS key."],
        }] },
    { rule: sqs.sqsQueuePolicyDisallowPublicPrincipal,
        passing: [{ change: "the topic may send, for its own ARN only", resources: add([aws.sqs.QueuePolicy, "jobs-policy", { queueUrl: "https://q",
            policy: policy({ ...PUBLIC_READ, Principal: { Service: "sns.amazonaws.com" }, Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:x" } } }) }]) }],
        variants: [{
            change: "anyone may send to the queue",
            resources: add([aws.sqs.QueuePolicy, "jobs-policy", { queueUrl: "https://q", policy: policy(PUBLIC_READ) }]),
            messages: [`SQS queue policy 'jobs-policy' has a \`policy\` allowing principal "*" (sqs:SendMessage) without a \`Condition\`. ${fixPrincipal}`],
        }, {
            change: "the queue's inline policy allows { AWS: \"*\" }",
            resources: add([aws.sqs.Queue, "jobs", { policy: policy({ ...PUBLIC_READ, Principal: { AWS: "*" } }) }]),
            messages: [`SQS queue 'jobs' has a \`policy\` allowing principal "*" (sqs:SendMessage) without a \`Condition\`. ${fixPrincipal}`],
        }] },
    { rule: sns.snsTopicEnforceEncryption,
        passing: [{ change: "the topic has a KMS key", resources: add([aws.sns.Topic, "events", { kmsMasterKeyId: "alias/aws/sns" }]) }],
        variants: [{
            change: "the topic is unencrypted",
            resources: add([aws.sns.Topic, "events", {}]),
            messages: ["SNS topic 'events' has no `kmsMasterKeyId`. Set `kmsMasterKeyId` to a KMS key (a customer-managed one when other services publish to the topic)."],
        }] },
    { rule: sns.snsTopicPolicyDisallowPublicPrincipal,
        passing: [{ change: "anyone in the organization may publish", resources: add([aws.sns.TopicPolicy, "events-policy", { arn: "arn:aws:sns:x",
            policy: policy({ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }) }]) }],
        variants: [{
            change: "anyone may subscribe",
            resources: add([aws.sns.TopicPolicy, "events-policy", { arn: "arn:aws:sns:x", policy: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: ["sns:Subscribe", "sns:Receive"], Resource: "*" }) }]),
            messages: [`SNS topic policy 'events-policy' has a \`policy\` allowing principal "*" (sns:Subscribe, sns:Receive) without a \`Condition\`. ${fixPrincipal}`],
        }] },
    { rule: kinesis.kinesisStreamEnforceEncryption,
        passing: [{ change: "the stream uses KMS", resources: add([aws.kinesis.Stream, "clicks", { shardCount: 1, encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" }]) }],
        variants: [{
            change: "the stream keeps the default of no encryption",
            resources: add([aws.kinesis.Stream, "clicks", { shardCount: 1 }]),
            messages: ["Kinesis stream 'clicks' has `encryptionType` NONE. Set `encryptionType: \"KMS\"` and `kmsKeyId` (\"alias/aws/kinesis\" or a customer-managed key)."],
        }] },
    { rule: ecr.ecrRepositoryPolicyDisallowPublicPrincipal,
        passing: [{ change: "one account may pull", resources: add([aws.ecr.RepositoryPolicy, "images-policy", { repository: "images",
            policy: policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: ["ecr:BatchGetImage"] }) }]) }],
        variants: [{
            change: "anyone may pull",
            resources: add([aws.ecr.RepositoryPolicy, "images-policy", { repository: "images", policy: policy({ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }) }]),
            messages: [`ECR repository policy 'images-policy' has a \`policy\` allowing principal "*" (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) without a \`Condition\`. ${fixPrincipal}`],
        }] },
    { rule: s3Policy.s3BucketPolicyDisallowPublicPrincipal,
        passing: [{ change: "a deny-all-insecure statement names principal *", resources: add([aws.s3.BucketPolicy, "site-policy", { bucket: "site",
            policy: policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }) }]) }],
        variants: [{
            change: "the website bucket is readable by anyone",
            resources: add([aws.s3.BucketPolicy, "site-policy", { bucket: "site", policy: policy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*" }) }]),
            messages: [`S3 bucket policy 'site-policy' has a \`policy\` allowing principal "*" (s3:GetObject) without a \`Condition\`. ${fixPrincipal}`],
        }, {
            change: "a BucketV2 has the public policy inline",
            resources: add([aws.s3.BucketV2, "site", { policy: policy({ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "s3:GetObject", Resource: "arn:aws:s3:::site/*" }) }]),
            messages: [`S3 bucket 'site' has a \`policy\` allowing principal "*" (s3:GetObject) without a \`Condition\`. ${fixPrincipal}`],
        }] },
    { rule: iamUser.iamUserDisallowAdminPolicies,
        passing: [{ change: "the user may only read one bucket", resources: add([aws.iam.User, "ci", { name: "ci" }],
            [aws.iam.UserPolicy, "ci-read", { user: "ci", policy: policy({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) }],
            [aws.iam.UserPolicyAttachment, "ci-readonly", { user: "ci", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }]) }, {
            // One finding per hole: iam-principal-disallow-broad-managed-policies reports this attachment.
            change: "the user has AWS managed AdministratorAccess attached",
            resources: add([aws.iam.UserPolicyAttachment, "ci-admin", { user: "ci", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }]),
        }, {
            // One finding per hole: the iam-policy-disallow-wildcard-* rules report this user policy.
            change: "the user's inline policy allows * on *",
            resources: add([aws.iam.UserPolicy, "ci-all", { user: "ci", policy: ADMIN }]),
        }, {
            change: "a policy of the stack allowing * on * is attached to roles only",
            resources: add([aws.iam.Policy, "everything", { policy: ADMIN }],
                [aws.iam.PolicyAttachment, "everything-roles", { roles: ["ops"], policyArn: "arn:aws:mock:::everything" }]),
        }],
        variants: [{
            change: "a policy of the stack allowing * on * is attached to users",
            resources: add([aws.iam.Policy, "everything", { policy: ADMIN }],
                [aws.iam.PolicyAttachment, "everything-users", { users: ["ci", "ops"], policyArn: "arn:aws:mock:::everything" }]),
            messages: [`IAM policy attachment 'everything-users' attaches policy 'everything', which allows \`Action\` "*" on \`Resource\` "*", to users ci, ops. ${fixAdmin}`],
        }, {
            change: "a policy of the stack allowing * on * is attached to one user",
            resources: add([aws.iam.Policy, "everything", { policy: ADMIN }],
                [aws.iam.UserPolicyAttachment, "ci-everything", { user: "ci", policyArn: "arn:aws:mock:::everything" }]),
            messages: [`IAM user policy attachment 'ci-everything' attaches policy 'everything', which allows \`Action\` "*" on \`Resource\` "*", to user ci. ${fixAdmin}`],
        }] },
];
