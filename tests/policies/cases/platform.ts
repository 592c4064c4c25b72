import * as cloudwatch from "../../../policies/rules/cloudwatch";
import * as iam from "../../../policies/rules/iam";
import * as shield from "../../../policies/rules/shield";
import * as stack from "../../../policies/rules/stack";
import * as aws from "@pulumi/aws";
import { added, change, protect, without } from "../fixtures";
import { RuleCase } from "../harness";

/** A policy document allowing `actions` on `resource`. */
const allow = (actions: string[], resource: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resource }] });

/** Cases of the CloudWatch, IAM, Shield and stack rules. */
export const PLATFORM_CASES: RuleCase[] = [
    { rule: cloudwatch.cloudwatchLogGroupConfigureRetention, variants: [{
        change: "logs never expire",
        resources: (s) => change(s, "access-logs", { retentionInDays: undefined }),
        messages: ["CloudWatch log group 'access-logs' has `retentionInDays` unset (never expire). Set `retentionInDays` to at least 30."],
    }, {
        change: "logs are kept a week",
        resources: (s) => change(s, "access-logs", { retentionInDays: 7 }),
        messages: ["CloudWatch log group 'access-logs' has `retentionInDays` 7. Set `retentionInDays` to at least 30."],
    }] },
    { rule: cloudwatch.cloudwatchLogGroupEnforceKms, variants: [{
        change: "the log group has no key",
        resources: (s) => change(s, "access-logs", { kmsKeyId: undefined }),
        messages: ["CloudWatch log group 'access-logs' has no `kmsKeyId`. Set `kmsKeyId` to the ARN of the logs key."],
    }] },
    { rule: cloudwatch.cloudwatchAlarmMissingActions, variants: [{
        change: "the alarm notifies nobody",
        resources: (s) => change(s, "errors-alarm", { alarmActions: [] }),
        messages: ["CloudWatch alarm 'errors-alarm' has no enabled `alarmActions`. Set `alarmActions` to the alerts topic and leave `actionsEnabled` true."],
    }] },
    { rule: iam.iamPrincipalDisallowBroadManagedPolicies, variants: [{
        change: "the role has AmazonDynamoDBFullAccess",
        resources: (s) => change(s, "catalog-read-role", { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"] }),
        messages: ["IAM role 'catalog-read-role' has arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess in `managedPolicyArns`. Replace it with an inline policy granting only the actions and resources the role uses."],
    }, {
        change: "AdministratorAccess is attached",
        resources: (s) => change(s, "catalog-read-basic", { policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
        messages: ["IAM role policy attachment 'catalog-read-basic' attaches arn:aws:iam::aws:policy/AdministratorAccess (`policyArn`). Replace it with a policy granting only the actions and resources the role uses."],
    }, {
        change: "a user gets PowerUserAccess",
        resources: (s) => [...s, added(aws.iam.UserPolicyAttachment, "ops-power", { user: "ops", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" })],
        messages: ["IAM user policy attachment 'ops-power' attaches arn:aws:iam::aws:policy/PowerUserAccess (`policyArn`). Replace it with a policy granting only the actions and resources the user uses."],
    }, {
        change: "a group gets AmazonS3FullAccess",
        resources: (s) => [...s, added(aws.iam.GroupPolicyAttachment, "devs-s3", { group: "devs", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" })],
        messages: ["IAM group policy attachment 'devs-s3' attaches arn:aws:iam::aws:policy/AmazonS3FullAccess (`policyArn`). Replace it with a policy granting only the actions and resources the group uses."],
    }, {
        change: "a policy attachment gives users and groups AdministratorAccess",
        resources: (s) => [...s, added(aws.iam.PolicyAttachment, "admins", { users: ["ops"], groups: ["devs"], policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })],
        messages: ["IAM policy attachment 'admins' attaches arn:aws:iam::aws:policy/AdministratorAccess (`policyArn`). Replace it with a policy granting only the actions and resources its roles, users and groups use."],
    }] },
    { rule: iam.iamPolicyDisallowWildcardActions, variants: [{
        change: "a role policy allows dynamodb:*",
        resources: (s) => change(s, "catalog-read-policy", { policy: allow(["dynamodb:*"], "arn:aws:dynamodb:eu-west-1:1:table/catalog") }),
        messages: ["IAM role policy 'catalog-read-policy' allows `Action` dynamodb:*. List the specific actions the principal calls."],
    }, {
        change: "a user policy allows *",
        resources: (s) => [...s, added(aws.iam.UserPolicy, "ops-inline", { user: "ops", policy: allow(["*"], "*") })],
        messages: ["IAM user policy 'ops-inline' allows `Action` *. List the specific actions the principal calls."],
    }, {
        change: "a group policy given as an object allows s3:*",
        resources: (s) => [...s, added(aws.iam.GroupPolicy, "devs-inline", { group: "devs", policy: JSON.parse(allow(["s3:*"], "arn:aws:s3:::b")) })],
        messages: ["IAM group policy 'devs-inline' allows `Action` s3:*. List the specific actions the principal calls."],
    }] },
    { rule: iam.iamPolicyDisallowWildcardResourceForWrites, variants: [{
        change: "an inline policy writes to every table",
        resources: (s) => change(s, "catalog-read-role", { inlinePolicies: [{ name: "write", policy: allow(["dynamodb:PutItem", "dynamodb:GetItem"], "*") }] }),
        messages: ["IAM role 'catalog-read-role' allows dynamodb:PutItem on `Resource` \"*\". Scope `Resource` to the ARNs the principal writes to."],
    }] },
    { rule: iam.iamRoleDisallowWildcardTrust, variants: [{
        change: "anyone may assume the role",
        resources: (s) => change(s, "catalog-read-role", { assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } }] }) }),
        messages: ["IAM role 'catalog-read-role' has an `assumeRolePolicy` allowing principal \"*\" without a condition. Trust only the service (e.g. lambda.amazonaws.com) or the accounts that assume the role."],
    }] },
    { rule: shield.shieldDistributionMissingProtection, variants: [{
        change: "the prod distribution has no Shield protection",
        resources: (s) => without(s, "cdn-shield"),
        messages: ["CloudFront distribution 'cdn' has no `aws.shield.Protection` whose `resourceArn` is the distribution ARN in a production stack. Add a Shield protection for the distribution."],
    }] },
    { rule: stack.stackRestapiMissingTierUsagePlans, variants: [{
        change: "the enterprise plan is missing",
        resources: (s) => without(s, "plan-enterprise"),
        messages: ["REST API 'api' has no usage plan for tier enterprise (a plan tagged `portcullis:tier` listing the API in `apiStages`). Add an `aws.apigateway.UsagePlan` per missing tier with the API's stage in `apiStages`."],
    }, {
        change: "the premium plan lists another API",
        resources: (s) => change(s, "plan-premium", { apiStages: [{ apiId: "other", stage: "v1" }] }),
        messages: ["REST API 'api' has no usage plan for tier premium (a plan tagged `portcullis:tier` listing the API in `apiStages`). Add an `aws.apigateway.UsagePlan` per missing tier with the API's stage in `apiStages`."],
    }] },
    { rule: stack.stackStageAclEnforceOriginVerify, variants: [{
        change: "the regional ACL lacks the origin-verify rule",
        resources: (s) => change(s, "regional-acl", (p) => ({ ...p, rules: (p["rules"] as { name: string }[]).filter((r) => r.name !== "require-origin-verify") })),
        messages: ["API Gateway stage 'api-stage' has no associated web ACL with a blocking rule on a missing `X-Origin-Verify` header (`notStatement` of a `byteMatchStatement` on `singleHeader`). Add that rule to the stage's REGIONAL web ACL so direct calls to execute-api are blocked."],
    }, {
        change: "the stage is associated with the wrong ACL",
        resources: (s) => change(s, "regional-acl-stage", { webAclArn: "arn:aws:wafv2:eu-west-1:1:regional/webacl/other/9" }),
        messages: ["API Gateway stage 'api-stage' has no associated web ACL with a blocking rule on a missing `X-Origin-Verify` header (`notStatement` of a `byteMatchStatement` on `singleHeader`). Add that rule to the stage's REGIONAL web ACL so direct calls to execute-api are blocked."],
    }] },
    { rule: stack.stackStatefulResourceEnforceProtect, variants: [{
        change: "the prod table is not protected",
        resources: (s) => protect(s, "catalog", false),
        messages: ["Stateful resource 'catalog' (aws:dynamodb/table:Table) has no `protect` resource option in a production stack. Pass `{ protect: true }` in the resource options."],
    }] },
];

