import { randomBytes, randomUUID } from "crypto";
import type { FunctionKey } from "../../handlers";
import { names } from "../../components/naming";
import type { Clock, LocalLambdaContext } from "./types";

/** Where the context's coordinates come from. */
export interface LambdaContextInput {
    fn: FunctionKey;
    prefix: string;
    region: string;
    accountId: string;
    memoryMb: number;
    /** The function's own timeout; `getRemainingTimeInMillis` counts down from it. */
    timeoutMs: number;
    traceHeader: string;
    now: Clock;
}

/**
 * The context object the Node.js Lambda runtime passes a handler, with the same names the deployed function has
 * (`portcullis-dev-catalogRead`, its log group), so logs and metrics look alike locally and in AWS.
 */
export function lambdaContext(input: LambdaContextInput): LocalLambdaContext {
    const functionName = names.function(input.prefix, input.fn);
    const deadline = input.now() + input.timeoutMs;
    const day = new Date(input.now()).toISOString().slice(0, 10).replace(/-/g, "/");
    const legacy = () => {
        // The runtime's callback-era methods; no handler here uses them, and silently ignoring one would hide a bug.
        throw new Error("context.done/succeed/fail are not supported; return or throw from the async handler");
    };
    return {
        callbackWaitsForEmptyEventLoop: true,
        functionName,
        functionVersion: "$LATEST",
        invokedFunctionArn: `arn:aws:lambda:${input.region}:${input.accountId}:function:${functionName}`,
        memoryLimitInMB: String(input.memoryMb),
        awsRequestId: randomUUID(),
        logGroupName: names.functionLogGroup(input.prefix, input.fn),
        logStreamName: `${day}/[$LATEST]${randomBytes(16).toString("hex")}`,
        getRemainingTimeInMillis: () => Math.max(0, deadline - input.now()),
        done: legacy,
        fail: legacy,
        succeed: legacy,
        xRayTraceId: input.traceHeader,
    };
}
