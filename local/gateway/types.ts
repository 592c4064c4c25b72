import type { Context } from "aws-lambda";
import type { FunctionKey } from "../../handlers";
import type { StackConfig, Tier } from "../../config/schema";
import type { AccessLogSettings } from "./accessLog";

/**
 * Calls a Lambda function the way the Lambda service would: the event and context in, the function's result (or
 * its error as a rejection) out. The gateway never knows where the code comes from, so the same gateway runs
 * plain functions in tests and the serialized packages in local mode.
 */
export type Invoke = (functionName: FunctionKey, event: unknown, context: LocalLambdaContext) => Promise<unknown>;

/** A Lambda context plus the trace header the Lambda runtime would publish as `_X_AMZN_TRACE_ID`. */
export interface LocalLambdaContext extends Context {
    /** `Root=1-...`: what the runtime sets in `process.env._X_AMZN_TRACE_ID` for this invocation. */
    readonly xRayTraceId: string;
}

/** The current time in epoch milliseconds; injected so tests of buckets, quotas and caches never sleep. */
export type Clock = () => number;

/** One API key bound to a tier's usage plan, as the GatewayWithTiers component creates one per API client. */
export interface ApiKeyBinding {
    /** The key's id (`$context.identity.apiKeyId`), e.g. `k1a2b3c4d5`. */
    id: string;
    /** The secret value clients send in `x-api-key`. */
    value: string;
    /** The usage plan (tier) the key belongs to. */
    tier: Tier;
    /** The API client's name, for logs and the endpoints file. */
    name: string;
}

/** An IAM identity the local gateway accepts SigV4 signatures from. */
export interface LocalCredential {
    secretAccessKey: string;
    /** Default `arn:aws:iam::<accountId>:user/<accessKeyId>`. */
    userArn?: string;
}

/** Where access-log lines go: a stream, or anything with `write`. */
export interface LineSink {
    write(line: string): unknown;
}

/** Everything the local gateway needs to behave like the deployed stage. */
export interface GatewayOptions {
    /** The stack settings the deployed stage is built from (dev stack's config in local mode). */
    config: Pick<StackConfig, "region" | "prefix" | "gateway" | "lambda">;
    invoke: Invoke;
    /** API keys per usage plan; the local app generates their values. */
    apiKeys: readonly ApiKeyBinding[];
    /** Access key id to credential, for AWS_IAM routes. Default: none (every signed request is rejected). */
    credentials?: Readonly<Record<string, LocalCredential | string>>;
    /** Default `123456789012`. */
    accountId?: string;
    /** Default `portcullis`: the id in method ARNs and `requestContext.apiId`. */
    apiId?: string;
    /** Default `Date.now`. */
    now?: Clock;
    /** One JSON line per request in the stage's access-log format. Default: no access log. */
    accessLog?: AccessLogSettings;
    /** Largest request body in bytes. Default 10 MiB, API Gateway's hard limit. */
    maxBodyBytes?: number;
}
