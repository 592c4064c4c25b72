import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleFunction, HANDLER_ENTRY } from "../handlers/packaging";
import { FunctionKey, names } from "./naming";
import type { LogGroupRef } from "./types";

/** One IAM statement: explicit actions on explicit resources, never `*` actions. */
export interface Statement {
    Sid?: string;
    Effect?: "Allow" | "Deny";
    Action: string[];
    Resource: pulumi.Input<pulumi.Input<string>[]>;
    Condition?: Record<string, Record<string, pulumi.Input<string | string[]>>>;
}

export interface SecureFunctionArgs {
    /**
     * Which handler this is. Its factory (`HANDLER_FACTORIES`, serialized and bundled into the code archive by
     * handlers/packaging.ts) and its physical name `<prefix>-<handler>` follow from it.
     */
    handler: FunctionKey;
    /** The stack's name prefix. */
    prefix: string;
    description: string;
    /** Every resource coordinate the handler needs. */
    environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** What the function may do beyond writing its own logs and traces. Default: nothing. */
    statements?: Statement[];
    /** The log group the function writes to; it must exist first (Observability makes it). */
    logGroup: LogGroupRef;
    memoryMb: number;
    timeoutSeconds: number;
    /** Reserved concurrency; undefined shares the account pool. */
    reservedConcurrency?: number;
    /** KMS key that encrypts the environment variables at rest. Default: the AWS managed Lambda key. */
    kmsKeyArn?: pulumi.Input<string>;
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
 * plus write its logs and traces. The code archive is the factory's bundle (`index.js` and its source map, see
 * handlers/packaging.ts), uploaded as an `aws.lambda.Function` rather than `aws.lambda.CallbackFunction`, whose
 * node_modules copy relied on modules the runtime does not guarantee.
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

        const functionName = names.function(args.prefix, args.handler);
        this.role = new aws.iam.Role(`${name}-role`, {
            description: `Execution role of ${functionName}, least privilege.`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, { parent: this });

        const baseline: Statement[] = [
            { Sid: "WriteOwnLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [pulumi.interpolate`${args.logGroup.arn}:*`] },
            // X-Ray's write APIs have no resource-level permissions; AWS documents "*" as the only valid resource.
            { Sid: "WriteTraces", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
        ];
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: this.role.id,
            policy: pulumi.output([...baseline, ...(args.statements ?? [])]).apply((statements) =>
                JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => ({ Effect: "Allow", ...s })) }),
            ),
        }, { parent: this });

        const bundle = pulumi.output(bundleFunction(args.handler));
        this.function = new aws.lambda.Function(`${name}-fn`, {
            name: functionName,
            description: args.description,
            role: this.role.arn,
            code: bundle.apply((b) => new pulumi.asset.AssetArchive(Object.fromEntries(Object.entries(b.files).map(([file, text]) => [file, new pulumi.asset.StringAsset(text)])))),
            handler: HANDLER_ENTRY,
            runtime: FUNCTION_DEFAULTS.runtime,
            architectures: [FUNCTION_DEFAULTS.architecture],
            memorySize: args.memoryMb,
            timeout: args.timeoutSeconds,
            reservedConcurrentExecutions: args.reservedConcurrency,
            tracingConfig: { mode: FUNCTION_DEFAULTS.tracingMode },
            loggingConfig: { logFormat: FUNCTION_DEFAULTS.logFormat, logGroup: args.logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
            environment: { variables: args.environment },
            kmsKeyArn: args.kmsKeyArn,
        }, { parent: this, dependsOn: [policy] });

        this.arn = this.function.arn;
        this.name = this.function.name;
        this.registerOutputs({ arn: this.arn, name: this.name, roleArn: this.role.arn });
    }
}
