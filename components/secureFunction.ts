import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type FunctionKey, MANIFESTS } from "../handlers";
import { COMMON_ENV, type FunctionManifest, type ResourceName } from "../handlers/manifest";
import { bundleFunction, HANDLER_ENTRY } from "../handlers/packaging";
import { names } from "./naming";
import type { LambdaLogLevel } from "../config/schema";
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
    /**
     * The function's variables: exactly those its manifest declares (`env` all required, `optionalEnv` if wanted)
     * plus the shared settings of `COMMON_ENV`. Anything else, or a required one missing, fails at evaluation.
     */
    environment: Record<string, pulumi.Input<string>>;
    /**
     * The ARN of each resource the manifest's grants name (for a bucket, the bucket's ARN). The role allows the
     * manifest's grants on these and nothing else.
     */
    resources: Partial<Record<ResourceName, pulumi.Input<string>>>;
    /** The stack's region, for grants that hold only through a service (`kms:ViaService`). */
    region: string;
    /** The log group the function writes to; it must exist first (Observability makes it). */
    logGroup: LogGroupRef;
    /** The stack's setting; the manifest's `memoryMb`, where set, wins (the function needs it). */
    memoryMb: number;
    /** The stack's setting; the manifest's `timeoutSeconds`, where set, wins. */
    timeoutSeconds: number;
    /**
     * `loggingConfig.applicationLogLevel` (the stack's `lambda.logLevel`). Lambda filters JSON records by it and
     * publishes it to the code as `AWS_LAMBDA_LOG_LEVEL`, which the handlers read before `LOG_LEVEL`.
     */
    logLevel: LambdaLogLevel;
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
 * A Lambda function built from a handler factory, with its own role that can do exactly what its manifest grants
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
        const manifest = MANIFESTS[args.handler];
        const problems = [...environmentProblems(manifest, args.environment), ...grantProblems(manifest, args.resources)];
        if (problems.length > 0) {
            throw new pulumi.ResourceError(`${name} does not match the manifest of handlers/${args.handler}.ts: ${problems.join("; ")}`, this);
        }
        const statements = statementsOf(manifest, args.resources, args.region);

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
            policy: pulumi.output([...baseline, ...statements]).apply((statements) =>
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
            memorySize: manifest.memoryMb ?? args.memoryMb,
            timeout: manifest.timeoutSeconds ?? args.timeoutSeconds,
            reservedConcurrentExecutions: args.reservedConcurrency,
            tracingConfig: { mode: FUNCTION_DEFAULTS.tracingMode },
            // applicationLogLevel applies to JSON logs only (Lambda API reference, LoggingConfig): logFormat is JSON.
            loggingConfig: { logFormat: FUNCTION_DEFAULTS.logFormat, logGroup: args.logGroup.name, applicationLogLevel: args.logLevel, systemLogLevel: "WARN" },
            environment: { variables: args.environment },
            kmsKeyArn: args.kmsKeyArn,
        }, { parent: this, dependsOn: [policy] });

        this.arn = this.function.arn;
        this.name = this.function.name;
        this.registerOutputs({ arn: this.arn, name: this.name, roleArn: this.role.arn });
    }
}

/** What is wrong with an environment for a manifest: a required variable missing, or one the code never reads. */
export function environmentProblems(manifest: FunctionManifest, environment: Readonly<Record<string, unknown>>): string[] {
    const known = new Set<string>([...manifest.env, ...(manifest.optionalEnv ?? []), ...COMMON_ENV]);
    return [
        ...manifest.env.filter((v) => environment[v] === undefined).map((v) => `environment lacks ${v}, which the handler requires`),
        ...Object.keys(environment).filter((v) => !known.has(v)).map((v) => `environment sets ${v}, which the handler never reads (allowed: ${[...known].join(", ")})`),
    ];
}

/** Grants that could not become a least-privilege statement: a wildcard action, or a resource the component cannot name. */
function grantProblems(manifest: FunctionManifest, resources: SecureFunctionArgs["resources"]): string[] {
    return manifest.grants.flatMap((g) => [
        ...g.actions.filter((a) => a === "*" || a.endsWith(":*") || !/^[a-z0-9-]+:[A-Za-z]+$/.test(a)).map((a) => `grant ${g.sid} lists "${a}"; only explicit service:Action names are allowed`),
        ...(resources[g.on] === undefined ? [`grant ${g.sid} is on ${g.on}, which this component does not pass in resources`] : []),
    ]);
}

/** The role statements of a manifest's grants: explicit actions on the named resource (bucket grants on their objects only). */
export function statementsOf(manifest: FunctionManifest, resources: SecureFunctionArgs["resources"], region: string): Statement[] {
    return manifest.grants.map((g) => {
        const arn = resources[g.on] as pulumi.Input<string>;
        return {
            Sid: g.sid,
            Action: [...g.actions],
            Resource: [g.objects === undefined ? arn : pulumi.interpolate`${arn}/${g.objects}`],
            ...(g.viaService === undefined ? {} : { Condition: { StringEquals: { "kms:ViaService": `${g.viaService}.${region}.amazonaws.com` } } }),
        };
    });
}

/**
 * The manifest's variables of a handler (required and optional), taken from the values a component knows. A
 * required one the component does not know is left out, and SecureFunction then refuses the function, naming it.
 */
export function environmentFor(handler: FunctionKey, values: Readonly<Record<string, pulumi.Input<string>>>): Record<string, pulumi.Input<string>> {
    const manifest = MANIFESTS[handler];
    return Object.fromEntries([...manifest.env, ...(manifest.optionalEnv ?? [])].filter((v) => values[v] !== undefined).map((v) => [v, values[v]]));
}
