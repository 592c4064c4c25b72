/**
 * The IAM documents of the bootstrap, as pure functions of plain values (account, region, repository, stage) so
 * tests read them without Pulumi. Trust: who may assume a role. Permissions: what `pulumi preview` and
 * `pulumi up` of the main program call, scoped by the program's own names where the service allows it.
 */
import type { BootstrapConfig, StateBackendConfig } from "./config";

/** An IAM policy statement as written to AWS. */
export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string[];
    Resource?: string[];
    Principal?: Record<string, string>;
    Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

/** The GitHub Actions OIDC issuer (without scheme, as IAM condition keys spell it). */
export const GITHUB_ISSUER = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_AUDIENCE = "sts.amazonaws.com";
/** CloudFront-scoped resources (edge web ACL, its logs, Shield protection) live in us-east-1. */
const GLOBAL_REGION = "us-east-1";

/**
 * Managed policies hold at most 6,144 characters, whitespace excluded (IAM and STS quotas,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), hence deploy permissions split
 * by area into several managed policies instead of one inline document (inline documents share 10,240 per role).
 */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** Where the documents point: the account and region, plus the names of the roles the bootstrap creates. */
export interface Scope {
    readonly account: string;
    readonly region: string;
}

/** Names of the bootstrap's own IAM roles: the deploy roles may never touch them. */
export const ROLE_NAMES = {
    preview: "portcullis-ci-preview",
    deploy: (stage: string) => `portcullis-ci-deploy-${stage}`,
    apiGatewayCloudWatch: "portcullis-apigateway-cloudwatch",
} as const;

const document = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/**
 * The OIDC subjects GitHub puts in `sub`. Default template: `repo:O/R:pull_request` for pull requests,
 * `repo:O/R:ref:refs/heads/main` for a job on main without an environment, `repo:O/R:environment:E` for a job in
 * environment E (the branch is then NOT in `sub`). With the template `["repo", "context", "ref"]` the `ref` claim
 * is appended (`...:ref:refs/heads/main`), which is what lets IAM itself require main for a deploy job; AWS reads
 * no other GitHub claim (https://docs.github.com/en/actions/reference/security/oidc, "AWS does not support custom
 * claims for OIDC").
 */
export const subjects = {
    pullRequest: (c: Pick<BootstrapConfig, "github" | "oidcSubjectIncludesRef">) =>
        `repo:${c.github.owner}/${c.github.repo}:pull_request${c.oidcSubjectIncludesRef ? ":ref:refs/pull/*/merge" : ""}`,
    main: (c: Pick<BootstrapConfig, "github" | "oidcSubjectIncludesRef">) =>
        `repo:${c.github.owner}/${c.github.repo}:ref:refs/heads/main${c.oidcSubjectIncludesRef ? ":ref:refs/heads/main" : ""}`,
    environment: (c: Pick<BootstrapConfig, "github" | "oidcSubjectIncludesRef">, environment: string) =>
        `repo:${c.github.owner}/${c.github.repo}:environment:${environment}${c.oidcSubjectIncludesRef ? ":ref:refs/heads/main" : ""}`,
};

/**
 * Trust for GitHub's OIDC tokens with the STS audience and one of `subs` (StringLike: a pull request's ref holds
 * its number). Both conditions matter: without `sub`, any repository on GitHub could assume the role.
 */
export function githubTrust(providerArn: string, subs: string[]): PolicyDocument {
    return document({
        Sid: "GitHubActionsOidc",
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: ["sts:AssumeRoleWithWebIdentity"],
        Condition: {
            StringEquals: { [`${GITHUB_ISSUER}:aud`]: GITHUB_AUDIENCE },
            StringLike: { [`${GITHUB_ISSUER}:sub`]: subs },
        },
    });
}

/**
 * What `pulumi preview` (and the refresh step of `pulumi up`) reads of the main program's resources: describe,
 * get and list of configuration, never data. Left out on purpose: `s3:GetObject` beyond the portal's public
 * pages, DynamoDB items, `secretsmanager:GetSecretValue`, `kms:Decrypt`, Cognito users, log events. A preview
 * without `--refresh` (the workflows' default) reads only the data sources (caller identity, region, availability
 * zones, CloudFront managed policies); with `--refresh` it describes every resource, which this also covers except
 * the two secret versions' values.
 */
export function readOnlyPolicy(scope: Scope): PolicyDocument {
    return document(
        {
            Sid: "DescribeStackConfiguration",
            Effect: "Allow",
            Action: [
                "acm:DescribeCertificate", "acm:ListTagsForCertificate",
                "cloudfront:Get*", "cloudfront:List*",
                "cloudwatch:DescribeAlarms", "cloudwatch:GetDashboard", "cloudwatch:ListTagsForResource",
                "cognito-identity:DescribeIdentityPool", "cognito-identity:GetIdentityPoolRoles", "cognito-identity:ListTagsForResource",
                "cognito-idp:DescribeUserPool", "cognito-idp:DescribeUserPoolClient", "cognito-idp:DescribeUserPoolDomain",
                "cognito-idp:DescribeResourceServer", "cognito-idp:GetGroup", "cognito-idp:GetUserPoolMfaConfig",
                "cognito-idp:ListGroups", "cognito-idp:ListResourceServers", "cognito-idp:ListUserPoolClients", "cognito-idp:ListTagsForResource",
                "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive", "dynamodb:DescribeContinuousBackups", "dynamodb:ListTagsOfResource",
                "ec2:Describe*",
                "iam:GetRole", "iam:GetRolePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListRolePolicies",
                "iam:ListAttachedRolePolicies", "iam:ListRoleTags", "iam:GetOpenIDConnectProvider",
                "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags",
                // Lambda's reads return configuration only (GetFunction links to the code, which is this repository's).
                "lambda:Get*", "lambda:List*",
                "logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
                "logs:GetDeliverySource", "logs:GetDeliveryDestination", "logs:GetDeliveryDestinationPolicy", "logs:GetDelivery",
                "logs:DescribeDeliveries", "logs:DescribeDeliverySources", "logs:DescribeDeliveryDestinations",
                "rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups", "rds:ListTagsForResource",
                "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock", "s3:GetBucketOwnershipControls", "s3:GetEncryptionConfiguration",
                "s3:GetBucketVersioning", "s3:GetLifecycleConfiguration", "s3:GetBucketLogging", "s3:GetBucketTagging", "s3:GetBucketAcl",
                "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketLocation", "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment",
                "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:ListAllMyBuckets",
                "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy",
                "shield:DescribeProtection", "shield:DescribeSubscription", "shield:GetSubscriptionState", "shield:ListProtections", "shield:ListTagsForResource",
                "sns:GetTopicAttributes", "sns:GetSubscriptionAttributes", "sns:ListSubscriptionsByTopic", "sns:ListTagsForResource",
                "wafv2:GetWebACL", "wafv2:GetLoggingConfiguration", "wafv2:GetWebACLForResource", "wafv2:ListTagsForResource", "wafv2:ListWebACLs",
                "xray:GetGroup", "xray:GetGroups", "xray:GetSamplingRules", "xray:ListTagsForResource",
            ],
            // Describe and list calls: most support no resource-level permission, and none of them returns data.
            Resource: ["*"],
        },
        {
            Sid: "ReadApiGateway",
            Effect: "Allow",
            // API Gateway authorizes HTTP verbs on paths: GET anywhere under this region's API Gateway is read-only
            // (API key values included: the preview role denies itself those, see previewDenies).
            Action: ["apigateway:GET"],
            Resource: [`arn:aws:apigateway:${scope.region}::/*`],
        },
        {
            Sid: "ReadPortalPages",
            Effect: "Allow",
            // Refreshing the portal's objects reads them; they are the public docs CloudFront serves at /docs.
            Action: ["s3:GetObject", "s3:GetObjectTagging"],
            Resource: ["arn:aws:s3:::data-assets-*/docs/*"],
        },
    );
}

/**
 * What the preview role must not read although {@link readOnlyPolicy} would let it: API key values (GET on an API
 * key or a usage plan key returns the key itself). A deny, so no later allow can undo it; previews without
 * `--refresh` never read keys.
 */
export function previewDenies(scope: Scope): PolicyDocument {
    return document({
        Sid: "NoApiKeyValues",
        Effect: "Deny",
        Action: ["apigateway:GET"],
        Resource: ["/apikeys", "/apikeys/*", "/usageplans/*/keys", "/usageplans/*/keys/*"].map((path) => `arn:aws:apigateway:${scope.region}::${path}`),
    });
}

/**
 * The self-managed backend: read state and decrypt its secrets (preview), or also write state (deploy). Locks
 * are written by every operation, previews included, so both may write under `.pulumi/locks/`.
 */
export function stateBackendStatements(backend: StateBackendConfig, write: boolean): Statement[] {
    const bucket = `arn:aws:s3:::${backend.bucket}`;
    return [
        { Sid: "ListState", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [bucket] },
        { Sid: "ReadState", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucket}/*`] },
        {
            Sid: write ? "WriteState" : "WriteStateLocks",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:DeleteObject"],
            Resource: [write ? `${bucket}/*` : `${bucket}/.pulumi/locks/*`],
        },
        {
            Sid: "StateSecrets",
            Effect: "Allow",
            Action: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
            Resource: [backend.kmsKeyArn],
        },
    ];
}

/** The main program's physical-name prefix for a stage (`prefix` in config/parse.ts: `portcullis-<stack>`). */
export const stagePrefix = (stage: string) => `portcullis-${stage}`;

/**
 * IAM roles the main program creates are auto-named by Pulumi from their component-scoped logical names
 * (`data-migrate-role-1a2b3c4`, `auth-identity-admin-...`), so they are scoped by those component prefixes rather
 * than by stage. Both stages' deploy roles share this scope when they share an account (see the README).
 */
const STACK_ROLE_PREFIXES = ["data-", "auth-", "gateway-", "edge-", "observability-"];

/** The areas the deploy permissions are split into, one managed policy each. */
export const DEPLOY_AREAS = ["edge", "api", "data", "ops"] as const;
/** One of {@link DEPLOY_AREAS}. */
export type DeployArea = (typeof DEPLOY_AREAS)[number];

/**
 * The deploy permissions of one stage, one document per area, each under {@link MANAGED_POLICY_MAX_CHARS}.
 * Every statement says why it has the scope it has: a stage's name prefix where the service names resources by
 * name, the account and region where AWS assigns the id (REST APIs, distributions, VPCs, keys, user pools), and
 * `*` only for the create calls AWS authorizes on `*` alone.
 */
export function deployPolicies(scope: Scope, stage: string): Record<DeployArea, PolicyDocument> {
    const { account, region } = scope;
    const p = stagePrefix(stage);
    const regions = [region, GLOBAL_REGION].filter((r, i, all) => all.indexOf(r) === i);
    const inRegions = (f: (r: string) => string[]) => regions.flatMap(f);
    return {
        edge: document(
            {
                Sid: "CloudFront",
                Effect: "Allow",
                // Distribution, OAC, policies, public keys and key groups get ids from CloudFront: account scope.
                Action: [
                    "cloudfront:CreateDistribution", "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution",
                    "cloudfront:TagResource", "cloudfront:UntagResource",
                    "cloudfront:CreateOriginAccessControl", "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl",
                    "cloudfront:CreateCachePolicy", "cloudfront:UpdateCachePolicy", "cloudfront:DeleteCachePolicy",
                    "cloudfront:CreateResponseHeadersPolicy", "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy",
                    "cloudfront:CreatePublicKey", "cloudfront:UpdatePublicKey", "cloudfront:DeletePublicKey",
                    "cloudfront:CreateKeyGroup", "cloudfront:UpdateKeyGroup", "cloudfront:DeleteKeyGroup",
                ],
                Resource: [`arn:aws:cloudfront::${account}:*`],
            },
            {
                Sid: "WebAcls",
                Effect: "Allow",
                // Web ACL ARNs carry their name: the stage's two ACLs, plus the AWS managed rule groups they use.
                Action: [
                    "wafv2:CreateWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
                    "wafv2:PutLoggingConfiguration", "wafv2:DeleteLoggingConfiguration", "wafv2:TagResource", "wafv2:UntagResource",
                ],
                Resource: [
                    ...inRegions((r) => [`arn:aws:wafv2:${r}:${account}:regional/webacl/${p}-*/*`, `arn:aws:wafv2:${r}:${account}:global/webacl/${p}-*/*`]),
                    ...inRegions((r) => [`arn:aws:wafv2:${r}:*:*/managedruleset/*/*`]),
                    `arn:aws:apigateway:${region}::/restapis/*/stages/*`,
                ],
            },
            {
                Sid: "ShieldProtection",
                Effect: "Allow",
                // The protection of the stage's distribution (the subscription itself is the bootstrap's).
                Action: ["shield:CreateProtection", "shield:DeleteProtection", "shield:TagResource", "shield:UntagResource"],
                Resource: [`arn:aws:shield::${account}:protection/*`],
            },
        ),
        api: document(
            {
                Sid: "RestApiAndUsagePlans",
                Effect: "Allow",
                // API Gateway authorizes HTTP verbs on paths; ids are assigned by the service. `/account` is not
                // here: the account-level CloudWatch role is the bootstrap's.
                Action: ["apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE", "apigateway:SetWebACL"],
                Resource: ["/restapis", "/restapis/*", "/usageplans", "/usageplans/*", "/apikeys", "/apikeys/*", "/tags/*"]
                    .map((path) => `arn:aws:apigateway:${region}::${path}`),
            },
            {
                Sid: "StageFunctions",
                Effect: "Allow",
                // Functions are named portcullis-<stage>-<function>; Invoke runs the migration at deploy time.
                Action: [
                    "lambda:CreateFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:DeleteFunction",
                    "lambda:AddPermission", "lambda:RemovePermission", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
                    "lambda:TagResource", "lambda:UntagResource", "lambda:PublishVersion", "lambda:InvokeFunction",
                ],
                Resource: [`arn:aws:lambda:${region}:${account}:function:${p}-*`],
            },
            {
                Sid: "UserPools",
                Effect: "Allow",
                // Pool ids are assigned by Cognito: account and region scope.
                Action: [
                    "cognito-idp:UpdateUserPool", "cognito-idp:DeleteUserPool", "cognito-idp:SetUserPoolMfaConfig",
                    "cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient",
                    "cognito-idp:CreateUserPoolDomain", "cognito-idp:UpdateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain",
                    "cognito-idp:CreateGroup", "cognito-idp:UpdateGroup", "cognito-idp:DeleteGroup",
                    "cognito-idp:CreateResourceServer", "cognito-idp:UpdateResourceServer", "cognito-idp:DeleteResourceServer",
                    "cognito-idp:TagResource", "cognito-idp:UntagResource",
                    "cognito-identity:UpdateIdentityPool", "cognito-identity:DeleteIdentityPool", "cognito-identity:SetIdentityPoolRoles",
                    "cognito-identity:TagResource", "cognito-identity:UntagResource",
                ],
                Resource: [`arn:aws:cognito-idp:${region}:${account}:userpool/*`, `arn:aws:cognito-identity:${region}:${account}:identitypool/*`],
            },
            {
                Sid: "CreateUnnamedResources",
                Effect: "Allow",
                // These create calls name no resource AWS could authorize: IAM only accepts `*` for them
                // (Service Authorization Reference: no resource type for CreateUserPool, CreateIdentityPool,
                // CreateKey; WAF logging's CreateLogDelivery). The bootstrap's policy config lists them.
                Action: ["cognito-idp:CreateUserPool", "cognito-identity:CreateIdentityPool", "kms:CreateKey",
                    "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:PutResourcePolicy", "logs:DeleteResourcePolicy"],
                Resource: ["*"],
            },
        ),
        data: document(
            {
                Sid: "StageTable",
                Effect: "Allow",
                Action: ["dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:DeleteTable", "dynamodb:UpdateTimeToLive",
                    "dynamodb:UpdateContinuousBackups", "dynamodb:TagResource", "dynamodb:UntagResource"],
                Resource: [`arn:aws:dynamodb:${region}:${account}:table/${p}-*`],
            },
            {
                Sid: "StackBuckets",
                Effect: "Allow",
                // Buckets are auto-named from the DataLayer's logical names (data-assets-*, data-private-*, data-logs-*).
                Action: [
                    "s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock",
                    "s3:PutBucketOwnershipControls", "s3:PutEncryptionConfiguration", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration",
                    "s3:PutBucketLogging", "s3:PutBucketTagging", "s3:ListBucket", "s3:ListBucketVersions",
                    "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:GetObjectTagging",
                ],
                Resource: ["assets", "private", "logs"].flatMap((b) => [`arn:aws:s3:::data-${b}-*`, `arn:aws:s3:::data-${b}-*/*`]),
            },
            {
                Sid: "StageDatabase",
                Effect: "Allow",
                // Cluster and subnet group carry the stage prefix; instances are auto-named data-db-N-*; the
                // default parameter groups are AWS's.
                Action: [
                    "rds:CreateDBCluster", "rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:EnableHttpEndpoint", "rds:DisableHttpEndpoint",
                    "rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance",
                    "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup",
                    "rds:AddTagsToResource", "rds:RemoveTagsFromResource",
                ],
                Resource: [
                    `arn:aws:rds:${region}:${account}:cluster:${p}-*`, `arn:aws:rds:${region}:${account}:db:data-db-*`,
                    `arn:aws:rds:${region}:${account}:subgrp:${p}-*`, `arn:aws:rds:${region}:${account}:cluster-pg:default.*`,
                    `arn:aws:rds:${region}:${account}:pg:default.*`,
                ],
            },
            {
                Sid: "DatabaseNetwork",
                Effect: "Allow",
                // VPC, subnets, route tables, security group and flow logs get ids from EC2: account and region.
                Action: [
                    "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
                    "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
                    "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup",
                    "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags", "ec2:DeleteTags", "ec2:CreateFlowLogs", "ec2:DeleteFlowLogs",
                ],
                Resource: [`arn:aws:ec2:${region}:${account}:*`],
            },
            {
                Sid: "StageSecrets",
                Effect: "Allow",
                // The edge secrets are named portcullis-<stage>/edge/*; RDS names the master secret rds!cluster-*.
                Action: ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:PutSecretValue", "secretsmanager:RotateSecret",
                    "secretsmanager:UpdateSecret", "secretsmanager:GetSecretValue", "secretsmanager:TagResource",
                    "secretsmanager:UntagResource", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"],
                Resource: [`arn:aws:secretsmanager:${region}:${account}:secret:${p}/*`, `arn:aws:secretsmanager:${region}:${account}:secret:rds!*`],
            },
            {
                Sid: "StageKeys",
                Effect: "Allow",
                // Key ids are assigned by KMS (account and both regions); aliases carry the stage prefix.
                Action: ["kms:EnableKeyRotation", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:UpdateKeyDescription",
                    "kms:TagResource", "kms:UntagResource", "kms:CreateGrant", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
                Resource: inRegions((r) => [`arn:aws:kms:${r}:${account}:key/*`, `arn:aws:kms:${r}:${account}:alias/${p}-*`]),
            },
        ),
        ops: document(
            {
                Sid: "StackRoles",
                Effect: "Allow",
                Action: [
                    "iam:CreateRole", "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
                    "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:PassRole",
                ],
                Resource: STACK_ROLE_PREFIXES.map((prefix) => `arn:aws:iam::${account}:role/${prefix}*`),
            },
            {
                Sid: "StageLogs",
                Effect: "Allow",
                Action: [
                    "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
                    "logs:AssociateKmsKey", "logs:DisassociateKmsKey", "logs:TagResource", "logs:UntagResource", "logs:TagLogGroup", "logs:UntagLogGroup",
                    "logs:PutDeliverySource", "logs:DeleteDeliverySource", "logs:PutDeliveryDestination", "logs:DeleteDeliveryDestination",
                    "logs:PutDeliveryDestinationPolicy", "logs:DeleteDeliveryDestinationPolicy", "logs:CreateDelivery", "logs:DeleteDelivery",
                ],
                Resource: inRegions((r) => [
                    `arn:aws:logs:${r}:${account}:log-group:/aws/lambda/${p}-*`, `arn:aws:logs:${r}:${account}:log-group:/aws/apigateway/${p}-*`,
                    `arn:aws:logs:${r}:${account}:log-group:aws-waf-logs-${p}-*`, `arn:aws:logs:${r}:${account}:log-group:/aws/vpc/${p}-*`,
                    `arn:aws:logs:${r}:${account}:delivery-source:${p}-*`, `arn:aws:logs:${r}:${account}:delivery-destination:${p}-*`,
                    `arn:aws:logs:${r}:${account}:delivery:*`,
                ]),
            },
            {
                Sid: "StageAlarmsAndTraces",
                Effect: "Allow",
                Action: [
                    "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource",
                    "cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards",
                    "sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe", "sns:TagResource", "sns:UntagResource",
                    "xray:CreateGroup", "xray:UpdateGroup", "xray:DeleteGroup", "xray:CreateSamplingRule", "xray:UpdateSamplingRule",
                    "xray:DeleteSamplingRule", "xray:TagResource", "xray:UntagResource",
                ],
                Resource: [
                    ...inRegions((r) => [`arn:aws:cloudwatch:${r}:${account}:alarm:${p}-*`, `arn:aws:sns:${r}:${account}:${p}-*`]),
                    `arn:aws:cloudwatch::${account}:dashboard/${p}`,
                    `arn:aws:xray:${region}:${account}:group/${p}-*/*`, `arn:aws:xray:${region}:${account}:sampling-rule/${p}-*`,
                ],
            },
            {
                Sid: "ServiceLinkedRoles",
                Effect: "Allow",
                // The first Aurora cluster of an account creates RDS's service-linked role; nothing else may.
                Action: ["iam:CreateServiceLinkedRole"],
                Resource: [`arn:aws:iam::${account}:role/aws-service-role/rds.amazonaws.com/*`],
                Condition: { StringEquals: { "iam:AWSServiceName": "rds.amazonaws.com" } },
            },
            {
                Sid: "KeepOffTheBootstrap",
                Effect: "Deny",
                // The deploy role must not widen its own trust or permissions, nor mint long-lived credentials.
                Action: ["iam:*"],
                Resource: [
                    `arn:aws:iam::${account}:role/portcullis-ci-*`, `arn:aws:iam::${account}:policy/portcullis-ci-*`,
                    `arn:aws:iam::${account}:role/${ROLE_NAMES.apiGatewayCloudWatch}`, `arn:aws:iam::${account}:oidc-provider/${GITHUB_ISSUER}`,
                    `arn:aws:iam::${account}:user/*`,
                ],
            },
        ),
    };
}

/**
 * API Gateway's account-level CloudWatch role: every REST API of the account in this region logs through it, to
 * execution-log and access-log groups of any name, so it may write to this region's log groups of this account.
 */
export function apiGatewayLogsPolicy(scope: Scope): PolicyDocument {
    const groups = `arn:aws:logs:${scope.region}:${scope.account}:log-group:*`;
    return document({
        Sid: "ApiGatewayWritesLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [groups, `${groups}:log-stream:*`],
    });
}

/**
 * The trust of the API Gateway CloudWatch role: AWS's documented trust, the service principal without
 * conditions (API Gateway assumes it both to validate the account setting and to deliver every API's logs).
 */
export function apiGatewayTrust(): PolicyDocument {
    return document({ Sid: "ApiGatewayAssumes", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: ["sts:AssumeRole"] });
}

/** A document's size as IAM counts it against the managed-policy quota (JSON without whitespace). */
export const policySize = (doc: PolicyDocument) => JSON.stringify(doc).length;
