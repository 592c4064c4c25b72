import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EXCLUDED_PACKAGES } from "../handlers/packaging";

/** One IAM statement: explicit actions on explicit resources, never `*` actions. */
export interface Statement {
    Sid?: string;
    Effect?: "Allow" | "Deny";
    Action: string[];
    Resource: pulumi.Input<pulumi.Input<string>[]>;
    Condition?: Record<string, Record<string, pulumi.Input<string | string[]>>>;
}

export interface SecureFunctionArgs {
    /** Physical function name; the log group `/aws/lambda/<name>` must already exist (Observability makes it). */
    functionName: string;
    description: string;
    /** Builds SDK clients once per container and returns the handler; serialized into the code archive. */
    callbackFactory: () => (event: any, context: any) => Promise<any>;
    /** Every resource coordinate the handler needs. */
    environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** What the function may do beyond writing its own logs and traces. Default: nothing. */
    statements?: Statement[];
    /** ARN of the log group the function writes to. */
    logGroupArn: pulumi.Input<string>;
    logGroupName: pulumi.Input<string>;
    memoryMb: number;
    timeoutSeconds: number;
    /** Reserved concurrency; undefined shares the account pool. */
    reservedConcurrency?: number;
    /** KMS key that encrypts the environment variables at rest. */
    kmsKeyArn?: pulumi.Input<string>;
    /** Files besides the closure that must ship, relative to the project root (e.g. SQL migrations). */
    extraIncludePaths?: string[];
}

/** Defaults every function shares; the security-relevant ones are not configurable. */
export const FUNCTION_DEFAULTS = {
    runtime: aws.lambda.Runtime.NodeJS22dX,
    architecture: "arm64",
    tracingMode: "Active",
    logFormat: "JSON",
} as const;

/**
 * A Lambda function built from a handler factory, with its own role that can do exactly what `statements` say
 * plus write its logs and traces. Passing `role` keeps `aws.lambda.CallbackFunction` from attaching its default
 * AWS managed *FullAccess policies.
 */
export class SecureFunction extends pulumi.ComponentResource {
    public readonly function: aws.lambda.Function;
    public readonly role: aws.iam.Role;
    public readonly arn: pulumi.Output<string>;
    public readonly name: pulumi.Output<string>;

    constructor(name: string, args: SecureFunctionArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("portcullis:lambda:SecureFunction", name, {}, opts);
        if (args.statements?.some((s) => s.Action.some((a) => a === "*" || a.endsWith(":*")))) {
            throw new pulumi.ResourceError(`[statements] of ${name} must list explicit actions, never "*"`, this);
        }

        this.role = new aws.iam.Role(`${name}-role`, {
            description: `Execution role of ${args.functionName}, least privilege.`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, { parent: this });

        const baseline: Statement[] = [
            { Sid: "WriteOwnLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [pulumi.interpolate`${args.logGroupArn}:*`] },
            // X-Ray's write APIs have no resource-level permissions; AWS documents "*" as the only valid resource.
            { Sid: "WriteTraces", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
        ];
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: this.role.id,
            policy: pulumi.output([...baseline, ...(args.statements ?? [])]).apply((statements) =>
                JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => ({ Effect: "Allow", ...s })) }),
            ),
        }, { parent: this });

        this.function = new aws.lambda.CallbackFunction(`${name}-fn`, {
            name: args.functionName,
            description: args.description,
            role: this.role,
            callbackFactory: args.callbackFactory,
            runtime: FUNCTION_DEFAULTS.runtime,
            architectures: [FUNCTION_DEFAULTS.architecture],
            memorySize: args.memoryMb,
            timeout: args.timeoutSeconds,
            reservedConcurrentExecutions: args.reservedConcurrency,
            tracingConfig: { mode: FUNCTION_DEFAULTS.tracingMode },
            loggingConfig: { logFormat: FUNCTION_DEFAULTS.logFormat, logGroup: args.logGroupName, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
            environment: { variables: args.environment },
            kmsKeyArn: args.kmsKeyArn,
            codePathOptions: {
                // A copy: CallbackFunction appends to this list.
                extraExcludePackages: [...EXCLUDED_PACKAGES],
                extraIncludePaths: args.extraIncludePaths,
            },
        }, { parent: this, dependsOn: [policy] });

        this.arn = this.function.arn;
        this.name = this.function.name;
        this.registerOutputs({ arn: this.arn, name: this.name, roleArn: this.role.arn });
    }
}
