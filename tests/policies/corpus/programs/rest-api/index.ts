/**
 * A serverless REST API: an OpenAPI body with a Cognito authorizer, a Python function behind it, a DynamoDB
 * table, logged, traced and throttled stages.
 * Holes: POST /orders has no security; a second function may be invoked by anyone; the importer's role has a
 * managed FullAccess policy; the stage has no WAF.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("data-key", { enableKeyRotation: true, deletionWindowInDays: 30 });
const table = new aws.dynamodb.Table("orders", {
    billingMode: "PAY_PER_REQUEST",
    hashKey: "id",
    attributes: [{ name: "id", type: "S" }],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
});

const assumeLambda = JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const role = new aws.iam.Role("orders-role", { assumeRolePolicy: assumeLambda });
new aws.iam.RolePolicyAttachment("orders-logs", { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });
new aws.iam.RolePolicy("orders-table", { role: role.id, policy: table.arn.apply((arn) => JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], Resource: arn }] })) });

const code = new pulumi.asset.AssetArchive({ "handler.py": new pulumi.asset.StringAsset("def handler(event, context):\n    return {'statusCode': 200}\n") });
const fn = new aws.lambda.Function("orders", {
    runtime: "python3.12",
    handler: "handler.handler",
    role: role.arn,
    code,
    memorySize: 256,
    timeout: 10,
    tracingConfig: { mode: "Active" },
    environment: { variables: { TABLE_NAME: table.name } },
});

const pool = new aws.cognito.UserPool("users", {
    passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    mfaConfiguration: "OPTIONAL",
    softwareTokenMfaConfiguration: { enabled: true },
});

const integration = (uri: string) => ({ type: "aws_proxy", httpMethod: "POST", uri });
const api = new aws.apigateway.RestApi("orders-api", {
    body: pulumi.all([fn.invokeArn, pool.arn]).apply(([uri, poolArn]) => JSON.stringify({
        openapi: "3.0.1",
        info: { title: "orders", version: "1.0" },
        "x-amazon-apigateway-request-validators": { all: { validateRequestBody: true, validateRequestParameters: true } },
        "x-amazon-apigateway-request-validator": "all",
        paths: {
            "/orders": {
                get: { security: [{ cognito: [] }], "x-amazon-apigateway-integration": integration(uri) },
                post: { "x-amazon-apigateway-integration": integration(uri) },
            },
        },
        components: { securitySchemes: { cognito: { type: "apiKey", name: "Authorization", in: "header",
            "x-amazon-apigateway-authtype": "cognito_user_pools",
            "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: [poolArn] } } } },
    })),
    endpointConfiguration: { types: "REGIONAL" },
});
new aws.lambda.Permission("orders-invoke", { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/*/orders` });

const deployment = new aws.apigateway.Deployment("orders-deployment", { restApi: api.id, triggers: { body: api.body.apply((b) => b ?? "") } });
const accessLogs = new aws.cloudwatch.LogGroup("orders-access-logs", { retentionInDays: 90, kmsKeyId: key.arn });
const stage = new aws.apigateway.Stage("prod", {
    restApi: api.id,
    deployment: deployment.id,
    stageName: "prod",
    xrayTracingEnabled: true,
    accessLogSettings: { destinationArn: accessLogs.arn, format: "$context.requestId $context.identity.sourceIp $context.status" },
});
new aws.apigateway.MethodSettings("all", { restApi: api.id, stageName: stage.stageName, methodPath: "*/*",
    settings: { loggingLevel: "ERROR", dataTraceEnabled: false, throttlingRateLimit: 100, throttlingBurstLimit: 50 } });

// A nightly importer that a partner triggers: open to any AWS account, and with far more rights than it needs.
const importerRole = new aws.iam.Role("importer-role", { assumeRolePolicy: assumeLambda });
new aws.iam.RolePolicyAttachment("importer-dynamodb", { role: importerRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess" });
const importer = new aws.lambda.Function("importer", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: importerRole.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});\n") }),
    memorySize: 512,
    timeout: 60,
    tracingConfig: { mode: "Active" },
});
new aws.lambda.Permission("importer-partner", { action: "lambda:InvokeFunction", function: importer.name, principal: "*" });

export const invokeUrl = stage.invokeUrl;
