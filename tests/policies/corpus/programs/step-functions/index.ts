/**
 * An order workflow on Step Functions: a Python validation function and a Node.js charging function, run by a
 * state machine that logs to CloudWatch and reports failures to an SNS topic.
 * Holes: the charging function runs on nodejs18.x (deprecated); the operators' role may do `states:*` on `*`;
 * the failure topic is unencrypted.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const key = new aws.kms.Key("workflow-key", { enableKeyRotation: true, deletionWindowInDays: 30 });
const assume = (service: string) => JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });

const fnRole = new aws.iam.Role("functions-role", { assumeRolePolicy: assume("lambda.amazonaws.com") });
new aws.iam.RolePolicyAttachment("functions-logs", { role: fnRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });

const validate = new aws.lambda.Function("validate", {
    runtime: "python3.13",
    handler: "main.handler",
    role: fnRole.arn,
    code: new pulumi.asset.AssetArchive({ "main.py": new pulumi.asset.StringAsset("def handler(event, context):\n    return event\n") }),
    memorySize: 128,
    timeout: 5,
    tracingConfig: { mode: "Active" },
});
const charge = new aws.lambda.Function("charge", {
    runtime: "nodejs18.x",
    handler: "index.handler",
    role: fnRole.arn,
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async (e) => ({ ...e, charged: true });\n") }),
    memorySize: 256,
    timeout: 15,
    tracingConfig: { mode: "Active" },
});

const failures = new aws.sns.Topic("failures", {});

const machineRole = new aws.iam.Role("machine-role", { assumeRolePolicy: assume("states.amazonaws.com") });
new aws.iam.RolePolicy("machine-invoke", { role: machineRole.id, policy: pulumi.all([validate.arn, charge.arn, failures.arn]).apply(([v, c, t]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [
        { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [v, c] },
        { Effect: "Allow", Action: "sns:Publish", Resource: t },
    ] })) });

const logs = new aws.cloudwatch.LogGroup("workflow-logs", { retentionInDays: 30, kmsKeyId: key.arn });
const machine = new aws.sfn.StateMachine("orders", {
    roleArn: machineRole.arn,
    definition: pulumi.all([validate.arn, charge.arn, failures.arn]).apply(([v, c, t]) => JSON.stringify({
        StartAt: "Validate",
        States: {
            Validate: { Type: "Task", Resource: v, Next: "Charge", Catch: [{ ErrorEquals: ["States.ALL"], Next: "Notify" }] },
            Charge: { Type: "Task", Resource: c, End: true, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Notify" }] },
            Notify: { Type: "Task", Resource: "arn:aws:states:::sns:publish", Parameters: { TopicArn: t, "Message.$": "$" }, End: true },
        },
    })),
    loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: pulumi.interpolate`${logs.arn}:*` },
    tracingConfiguration: { enabled: true },
});

// The operators' role, "so they can fix stuck executions".
const operators = new aws.iam.Role("operators", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }] }) });
new aws.iam.RolePolicy("operators-states", { role: operators.id, policy: JSON.stringify({ Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "states:*", Resource: "*" }] }) });

export const stateMachineArn = machine.arn;
