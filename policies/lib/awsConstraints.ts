/**
 * The AWS API constraints on every name, description, comment, tag and identifier a Portcullis stack sets, per
 * Pulumi resource type and property, each with the API reference it comes from.
 *
 * Mocks and the Terraform-based provider accept values the service refuses (a parenthesis in a WAF description,
 * a 33-character X-Ray rule name): `pulumi preview` passes and `pulumi up` fails half-way. This table is what
 * the policy pack (`rules/aws.ts`) and the stack tests check every value against. It imports nothing from
 * the program or from Pulumi, so the pack and the tests both load it as is.
 */

/** The rule one string must satisfy. */
export interface StringConstraint {
    /** Fewest characters (default 0). */
    min?: number;
    /** Most characters. */
    max?: number;
    /** The whole value must match (anchored). */
    pattern?: RegExp;
    /** The allowed characters in words, for messages. */
    allowed?: string;
    /** Prefixes the service refuses (e.g. `aws:` for tag keys). */
    forbiddenPrefixes?: string[];
    /** Substrings the service refuses (e.g. `--` in an RDS identifier). */
    forbiddenSubstrings?: string[];
    /** The API reference stating the constraint. */
    doc: string;
}

/**
 * Where the value sits in a resource's inputs: dot-separated property names, `[]` after a name for each element
 * of an array, and a last segment `{keys}` or `{values}` for the keys or values of a map (e.g. `rules[].name`,
 * `environment.variables.{keys}`, `tags.{values}`).
 */
export type PropertyPath = string;

/** The constraints of one resource type: checked properties, and name-like inputs that are not checked here. */
export interface ResourceConstraints {
    properties: Readonly<Record<PropertyPath, StringConstraint>>;
    /**
     * Name-like inputs that need no check of their own, each with the reason: a reference to a resource checked
     * where it is created, or a value for which the API reference states no limit.
     */
    unchecked?: Readonly<Record<string, string>>;
}

const WAF_NAME: StringConstraint = {
    min: 1, max: 128, pattern: /^[\w-]+$/, allowed: "letters, digits, _ and -",
    doc: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html",
};
const WAF_DESCRIPTION: StringConstraint = {
    min: 1, max: 256, pattern: /^[\w+=:#@/\-,.][\w+=:#@/\-,.\s]+[\w+=:#@/\-,.]$/,
    allowed: "letters, digits, spaces and + = : # @ / - , . (no parentheses, quotes or apostrophes)",
    doc: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html",
};
const WAF_METRIC: StringConstraint = {
    min: 1, max: 255, pattern: /^[\w#:.\-/]+$/, allowed: "letters, digits and _ # : . - /",
    doc: "https://docs.aws.amazon.com/waf/latest/APIReference/API_VisibilityConfig.html",
};
const WAF_RULE_NAME: StringConstraint = { ...WAF_NAME, doc: "https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html" };

/** A WAFv2 web ACL or rule group: names, description, each rule's name and every metric name. */
const wafWithRules = (doc: string): ResourceConstraints => ({
    properties: {
        name: { ...WAF_NAME, doc },
        description: { ...WAF_DESCRIPTION, doc },
        "rules[].name": WAF_RULE_NAME,
        "visibilityConfig.metricName": WAF_METRIC,
        "rules[].visibilityConfig.metricName": WAF_METRIC,
    },
});

const CLOUDFRONT_COMMENT = (doc: string): StringConstraint => ({ max: 128, doc });

const IAM_NAME = (max: number, doc: string): StringConstraint => ({ min: 1, max, pattern: /^[\w+=,.@-]+$/, allowed: "letters, digits and + = , . @ _ -", doc });
const IAM_PATH: StringConstraint = {
    min: 1, max: 512, pattern: /^(\/|\/[\u0021-\u007E]+\/)$/, allowed: "'/' or '/…/' of printable ASCII",
    doc: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
};
const IAM_DESCRIPTION = (doc: string): StringConstraint => ({
    max: 1000, pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/u, allowed: "printable Latin-1 characters (no emoji or other Unicode)", doc,
});

const COGNITO_NAME = (min: number, max: number, doc: string): StringConstraint => ({
    min, max, pattern: /^[\w\s+=,.@-]+$/u, allowed: "letters, digits, spaces and + = , . @ _ -", doc,
});

const RDS_IDENTIFIER = (max: number, doc: string): StringConstraint => ({
    min: 1, max, pattern: /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, forbiddenSubstrings: ["--"],
    allowed: "letters, digits and hyphens; a letter first; no '--' and no hyphen last", doc,
});

const SG_TEXT: StringConstraint = {
    max: 255, pattern: /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/, allowed: "a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
    doc: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
};

const DNS_NAME = (doc: string): StringConstraint => ({
    min: 1, max: 255, pattern: /^(?:\*\.)?(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$/,
    allowed: "DNS labels of at most 63 letters, digits, _ or - separated by dots", doc,
});

const NO_LIMIT = "the API reference states no length or character limit";

/**
 * Tags on any resource: the limits every service shares (some services allow fewer characters, none more).
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
 */
export const TAG_CONSTRAINTS: Readonly<Record<"tags.{keys}" | "tags.{values}", StringConstraint>> = Object.freeze({
    "tags.{keys}": {
        min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, forbiddenPrefixes: ["aws:"],
        allowed: "letters, digits, spaces and _ . : / = + - @; not starting with aws:",
        doc: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions",
    },
    "tags.{values}": {
        max: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, allowed: "letters, digits, spaces and _ . : / = + - @",
        doc: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions",
    },
});

/** The table, by Pulumi type token. */
export const AWS_CONSTRAINTS: Readonly<Record<string, ResourceConstraints>> = Object.freeze({
    // WAFv2
    "aws:wafv2/webAcl:WebAcl": wafWithRules("https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html"),
    "aws:wafv2/ruleGroup:RuleGroup": wafWithRules("https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateRuleGroup.html"),
    "aws:wafv2/ipSet:IpSet": { properties: {
        name: { ...WAF_NAME, doc: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateIPSet.html" },
        description: { ...WAF_DESCRIPTION, doc: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateIPSet.html" },
    } },
    // CloudFront
    "aws:cloudfront/distribution:Distribution": {
        properties: {
            comment: CLOUDFRONT_COMMENT("https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html"),
            "aliases[]": DNS_NAME("https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Aliases.html"),
        },
    },
    "aws:cloudfront/cachePolicy:CachePolicy": {
        properties: { comment: CLOUDFRONT_COMMENT("https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CachePolicyConfig.html") },
        unchecked: { name: `${NO_LIMIT} (CachePolicyConfig.Name)` },
    },
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": {
        properties: { comment: CLOUDFRONT_COMMENT("https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginRequestPolicyConfig.html") },
        unchecked: { name: `${NO_LIMIT} (OriginRequestPolicyConfig.Name)` },
    },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
        properties: { comment: CLOUDFRONT_COMMENT("https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyConfig.html") },
        unchecked: { name: `${NO_LIMIT} (ResponseHeadersPolicyConfig.Name)` },
    },
    "aws:cloudfront/function:Function": {
        properties: { name: { min: 1, max: 64, pattern: /^[a-zA-Z0-9\-_]{1,64}$/, allowed: "letters, digits, - and _",
            doc: "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateFunction.html" } },
        unchecked: { comment: `${NO_LIMIT} (FunctionConfig.Comment)` },
    },
    "aws:cloudfront/keyGroup:KeyGroup": {
        properties: { comment: CLOUDFRONT_COMMENT("https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_KeyGroupConfig.html") },
        unchecked: { name: `${NO_LIMIT} (KeyGroupConfig.Name)` },
    },
    "aws:cloudfront/publicKey:PublicKey": {
        properties: { comment: CLOUDFRONT_COMMENT("https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_PublicKeyConfig.html") },
        unchecked: { name: `${NO_LIMIT} (PublicKeyConfig.Name)`, namePrefix: "a prefix of name, which has no stated limit" },
    },
    "aws:cloudfront/originAccessControl:OriginAccessControl": {
        properties: { name: { min: 1, max: 64, doc: "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html" } },
        unchecked: { description: `${NO_LIMIT} (OriginAccessControlConfig.Description)` },
    },
    // Lambda
    "aws:lambda/function:Function": {
        properties: {
            name: { min: 1, max: 64, pattern: /^[a-zA-Z0-9\-_]+$/, allowed: "letters, digits, - and _",
                doc: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html" },
            description: { max: 256, doc: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html" },
            "environment.variables.{keys}": { min: 2, pattern: /^[a-zA-Z][a-zA-Z0-9_]+$/, allowed: "a letter, then letters, digits and _",
                doc: "https://docs.aws.amazon.com/lambda/latest/api/API_Environment.html" },
        },
    },
    "aws:lambda/permission:Permission": {
        properties: { statementId: { min: 1, max: 100, pattern: /^[a-zA-Z0-9\-_.]+$/, allowed: "letters, digits, - _ and .",
            doc: "https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html" } },
        unchecked: { functionName: "a reference to a function, checked where it is created" },
    },
    "aws:lambda/invocation:Invocation": { properties: {}, unchecked: { functionName: "a reference to a function, checked where it is created" } },
    // IAM
    "aws:iam/role:Role": {
        properties: {
            name: IAM_NAME(64, "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"),
            namePrefix: { ...IAM_NAME(38, "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role#name_prefix"), min: 1 },
            path: IAM_PATH,
            description: IAM_DESCRIPTION("https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"),
        },
    },
    "aws:iam/rolePolicy:RolePolicy": { properties: { name: IAM_NAME(128, "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html") } },
    "aws:iam/policy:Policy": {
        properties: {
            name: IAM_NAME(128, "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html"),
            path: { ...IAM_PATH, doc: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html" },
            description: IAM_DESCRIPTION("https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html"),
        },
    },
    // Cognito
    "aws:cognito/userPool:UserPool": { properties: { name: COGNITO_NAME(1, 128, "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPool.html") } },
    "aws:cognito/userPoolClient:UserPoolClient": { properties: { name: COGNITO_NAME(1, 128, "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html") } },
    "aws:cognito/userGroup:UserGroup": {
        properties: {
            name: { min: 1, max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, allowed: "letters, marks, symbols, digits and punctuation (no spaces)",
                doc: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html" },
            description: { max: 2048, doc: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html" },
        },
    },
    "aws:cognito/resourceServer:ResourceServer": {
        properties: {
            identifier: { min: 1, max: 256, pattern: /^[\x21\x23-\x5B\x5D-\x7E]+$/, allowed: "printable ASCII except space, \" and \\",
                doc: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateResourceServer.html" },
            name: COGNITO_NAME(1, 256, "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateResourceServer.html"),
        },
    },
    "aws:cognito/userPoolDomain:UserPoolDomain": {
        properties: { domain: { min: 1, max: 63, pattern: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, allowed: "lower-case letters, digits and hyphens, not first or last",
            doc: "https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolDomain.html" } },
    },
    "aws:cognito/identityPool:IdentityPool": { properties: { identityPoolName: COGNITO_NAME(1, 128, "https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html") } },
    // API Gateway
    "aws:apigateway/restApi:RestApi": { properties: {}, unchecked: { name: `${NO_LIMIT} (CreateRestApi)`, description: `${NO_LIMIT} (CreateRestApi)` } },
    "aws:apigateway/stage:Stage": {
        properties: { stageName: { min: 1, max: 128, pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, - and _",
            doc: "https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html" } },
        unchecked: { description: `${NO_LIMIT} (CreateStage)` },
    },
    "aws:apigateway/deployment:Deployment": { properties: {}, unchecked: { description: `${NO_LIMIT} (CreateDeployment)` } },
    "aws:apigateway/documentationVersion:DocumentationVersion": { properties: {}, unchecked: { description: `${NO_LIMIT} (CreateDocumentationVersion)` } },
    "aws:apigateway/usagePlan:UsagePlan": { properties: {}, unchecked: { name: `${NO_LIMIT} (CreateUsagePlan)`, description: `${NO_LIMIT} (CreateUsagePlan)` } },
    "aws:apigateway/apiKey:ApiKey": { properties: {}, unchecked: { name: `${NO_LIMIT} (CreateApiKey)`, description: `${NO_LIMIT} (CreateApiKey)` } },
    "aws:apigateway/authorizer:Authorizer": { properties: {}, unchecked: { name: `${NO_LIMIT} (CreateAuthorizer)` } },
    "aws:apigateway/methodSettings:MethodSettings": { properties: {}, unchecked: { stageName: "a reference to a stage, checked where it is created" } },
    // DynamoDB
    "aws:dynamodb/table:Table": {
        properties: { name: { min: 3, max: 255, pattern: /^[a-zA-Z0-9_.-]+$/, allowed: "letters, digits, _ . and -",
            doc: "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html" } },
    },
    // S3
    "aws:s3/bucket:Bucket": {
        properties: {
            bucket: { min: 3, max: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, forbiddenSubstrings: [".."], forbiddenPrefixes: ["xn--", "sthree-"],
                allowed: "lower-case letters, digits, . and -; a letter or digit first and last",
                doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html" },
            // The provider appends a 26-character unique suffix, so the prefix keeps the name within 63.
            bucketPrefix: { min: 1, max: 37, pattern: /^[a-z0-9][a-z0-9.-]*$/, forbiddenPrefixes: ["xn--", "sthree-"],
                allowed: "lower-case letters, digits, . and -; a letter or digit first",
                doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html" },
        },
    },
    "aws:s3/bucketObjectv2:BucketObjectv2": { properties: { key: { min: 1, max: 1024, doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html" } } },
    "aws:s3/bucketLogging:BucketLogging": { properties: { targetPrefix: { max: 1024, doc: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html" } } },
    // KMS
    "aws:kms/key:Key": { properties: { description: { max: 8192, doc: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html" } } },
    "aws:kms/alias:Alias": {
        properties: { name: { min: 7, max: 256, pattern: /^alias\/[a-zA-Z0-9/_-]+$/, forbiddenPrefixes: ["alias/aws/"],
            allowed: "'alias/' then letters, digits, / _ and -; not 'alias/aws/'", doc: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html" } },
        unchecked: { targetKeyId: "a reference to a key, checked where it is created" },
    },
    // Secrets Manager
    "aws:secretsmanager/secret:Secret": {
        properties: {
            name: { min: 1, max: 512, pattern: /^[a-zA-Z0-9/_+=.@-]+$/, allowed: "letters, digits and / _ + = . @ -",
                doc: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html" },
            description: { max: 2048, doc: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html" },
        },
    },
    // CloudWatch and CloudWatch Logs
    "aws:cloudwatch/logGroup:LogGroup": {
        properties: { name: { min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, allowed: "letters, digits and . - _ / #",
            doc: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html" } },
    },
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
        properties: { name: { min: 1, max: 60, pattern: /^[\w-]+$/, allowed: "letters, digits, _ and -",
            doc: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html" } },
    },
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
        properties: { name: { min: 1, max: 60, pattern: /^[\w-]+$/, allowed: "letters, digits, _ and -",
            doc: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestination.html" } },
    },
    "aws:cloudwatch/logDelivery:LogDelivery": { properties: {}, unchecked: { deliverySourceName: "a reference to a delivery source, checked where it is created" } },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        properties: {
            name: { min: 1, max: 255, doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html" },
            alarmDescription: { max: 1024, doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html" },
            metricName: { min: 1, max: 255, doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html" },
            namespace: { min: 1, max: 255, pattern: /^[^:].*$/, allowed: "any characters, not ':' first",
                doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html" },
        },
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        properties: { dashboardName: { min: 1, max: 255, pattern: /^[A-Za-z0-9_-]+$/, allowed: "letters, digits, - and _",
            doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html" } },
    },
    // SNS
    "aws:sns/topic:Topic": {
        properties: { name: { min: 1, max: 256, pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/, allowed: "letters, digits, - and _ (and .fifo last)",
            doc: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html" } },
    },
    // RDS
    "aws:rds/cluster:Cluster": {
        properties: {
            clusterIdentifier: RDS_IDENTIFIER(63, "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html"),
            finalSnapshotIdentifier: RDS_IDENTIFIER(255, "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBCluster.html"),
            databaseName: { min: 1, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, allowed: "letters, digits and _, a letter first",
                doc: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html" },
            masterUsername: { min: 1, max: 16, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, allowed: "letters, digits and _, a letter first",
                doc: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html" },
        },
        unchecked: { dbSubnetGroupName: "a reference to a subnet group, checked where it is created" },
    },
    "aws:rds/clusterInstance:ClusterInstance": {
        properties: { identifier: RDS_IDENTIFIER(63, "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html") },
        unchecked: { clusterIdentifier: "a reference to the cluster, checked where it is created", dbSubnetGroupName: "a reference to a subnet group, checked where it is created" },
    },
    "aws:rds/subnetGroup:SubnetGroup": {
        properties: { name: { min: 1, max: 255, pattern: /^(?!default$)[a-zA-Z0-9._ -]+$/, allowed: "letters, digits, . _ space and -; not 'default'",
            doc: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html" } },
        unchecked: { description: `${NO_LIMIT} (CreateDBSubnetGroup.DBSubnetGroupDescription)` },
    },
    // EC2
    "aws:ec2/securityGroup:SecurityGroup": {
        properties: { name: { ...SG_TEXT, forbiddenPrefixes: ["sg-"] }, description: SG_TEXT },
    },
    // X-Ray
    "aws:xray/group:Group": {
        properties: { groupName: { min: 1, max: 32, doc: "https://docs.aws.amazon.com/xray/latest/api/API_CreateGroup.html" } },
    },
    "aws:xray/samplingRule:SamplingRule": {
        properties: {
            ruleName: { min: 1, max: 32, doc: "https://docs.aws.amazon.com/xray/latest/api/API_SamplingRule.html" },
            serviceName: { max: 64, doc: "https://docs.aws.amazon.com/xray/latest/api/API_SamplingRule.html" },
            urlPath: { max: 128, doc: "https://docs.aws.amazon.com/xray/latest/api/API_SamplingRule.html" },
        },
    },
    // Shield
    "aws:shield/protection:Protection": {
        properties: { name: { min: 1, max: 128, pattern: /^[ a-zA-Z0-9_.-]+$/, allowed: "letters, digits, spaces and _ . -",
            doc: "https://docs.aws.amazon.com/waf/latest/DDOSAPIReference/API_CreateProtection.html" } },
    },
    // Route 53 and ACM
    "aws:route53/record:Record": { properties: { name: DNS_NAME("https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html") } },
    "aws:acm/certificate:Certificate": { properties: { domainName: { ...DNS_NAME("https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html"), max: 253 } } },
});
