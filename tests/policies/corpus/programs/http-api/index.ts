/**
 * An HTTP API in front of a Node.js function, with a JWT authorizer from a Cognito user pool and a logged,
 * throttled default stage.
 * Holes: the catch-all `ANY /{proxy+}` route is open; a `preview` stage writes no access logs and sets no
 * throttling; the webhook API is quick-created (an open `$default` route and an unlogged stage).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("logs-key", { enableKeyRotation: true, deletionWindowInDays: 30, policy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Sid: "Account", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
        { Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"],
            Resource: "*", Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:*" } } },
    ],
}) });

const role = new aws.iam.Role("items-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });
new aws.iam.RolePolicyAttachment("items-logs", { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });
const fn = new aws.lambda.Function("items", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: '[]' });\n") }),
    memorySize: 256,
    timeout: 10,
    tracingConfig: { mode: "Active" },
});

const pool = new aws.cognito.UserPool("users", {
    passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    mfaConfiguration: "OPTIONAL",
    softwareTokenMfaConfiguration: { enabled: true },
});
const client = new aws.cognito.UserPoolClient("web", { userPoolId: pool.id, generateSecret: false });

const api = new aws.apigatewayv2.Api("items-api", { protocolType: "HTTP",
    corsConfiguration: { allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"], allowHeaders: ["authorization"] } });
const integration = new aws.apigatewayv2.Integration("items", { apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fn.arn,
    payloadFormatVersion: "2.0" });
const authorizer = new aws.apigatewayv2.Authorizer("jwt", { apiId: api.id, authorizerType: "JWT", identitySources: ["$request.header.Authorization"],
    jwtConfiguration: { audiences: [client.id], issuer: pulumi.interpolate`https://${pool.endpoint}` } });
const target = pulumi.interpolate`integrations/${integration.id}`;

new aws.apigatewayv2.Route("list-items", { apiId: api.id, routeKey: "GET /items", target, authorizationType: "JWT", authorizerId: authorizer.id });
new aws.apigatewayv2.Route("create-item", { apiId: api.id, routeKey: "POST /items", target, authorizationType: "JWT", authorizerId: authorizer.id });
new aws.apigatewayv2.Route("preflight", { apiId: api.id, routeKey: "OPTIONS /{proxy+}", target });
// Added "for the mobile app", bypassing the authorizer for every path the other routes do not match.
new aws.apigatewayv2.Route("proxy", { apiId: api.id, routeKey: "ANY /{proxy+}", target });

const accessLogs = new aws.cloudwatch.LogGroup("items-access-logs", { retentionInDays: 90, kmsKeyId: key.arn });
new aws.apigatewayv2.Stage("default", {
    apiId: api.id,
    name: "$default",
    autoDeploy: true,
    accessLogSettings: { destinationArn: accessLogs.arn, format: JSON.stringify({ requestId: "$context.requestId", ip: "$context.identity.sourceIp", status: "$context.status" }) },
    defaultRouteSettings: { throttlingRateLimit: 200, throttlingBurstLimit: 100 },
});
new aws.apigatewayv2.Stage("preview", { apiId: api.id, name: "preview", autoDeploy: true });

new aws.lambda.Permission("items-invoke", { action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/*` });

// A webhook receiver "in one line".
new aws.apigatewayv2.Api("webhooks", { protocolType: "HTTP", target: fn.arn });

export const apiId = api.id;
