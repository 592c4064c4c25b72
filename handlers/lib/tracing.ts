/**
 * The one place that knows about AWS X-Ray. Handlers call {@link traceClient} on every SDK client and
 * {@link withSubsegment} around interesting work; moving to OpenTelemetry later means rewriting this file only.
 *
 * `aws-xray-sdk-core` is required lazily, and only inside Lambda with active tracing: outside Lambda (tests, local
 * mode) it would log "missing trace context" on every call, and loading it costs cold-start time for nothing.
 */

/** The part of aws-xray-sdk-core used here. */
interface XRay {
    captureAWSv3Client<T>(client: T): T;
    getSegment(): { addNewSubsegment(name: string): { close(err?: unknown): void; addError(err: Error): void } } | undefined;
    setContextMissingStrategy(strategy: string): void;
}

let xray: XRay | null | undefined;

/** Whether this process runs in Lambda with active tracing (the runtime sets the daemon address only then). */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
    return env.AWS_LAMBDA_FUNCTION_NAME !== undefined && env.AWS_XRAY_DAEMON_ADDRESS !== undefined && env.PORTCULLIS_TRACING !== "off";
}

function sdk(): XRay | null {
    if (xray === undefined) {
        if (tracingEnabled()) {
            xray = require("aws-xray-sdk-core") as XRay;
            // A call outside an invocation (at factory time) must never throw for want of a segment.
            xray.setContextMissingStrategy("IGNORE_ERROR");
        } else {
            xray = null;
        }
    }
    return xray;
}

/** Records a subsegment for every call the client makes; returns the client unchanged when tracing is off. */
export function traceClient<T>(client: T): T {
    const x = sdk();
    return x === null ? client : x.captureAWSv3Client(client);
}

/** Runs `fn` inside a named subsegment (closed with the error, if any); just runs it when tracing is off. */
export async function withSubsegment<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const segment = sdk()?.getSegment();
    if (segment === undefined) return fn();
    const sub = segment.addNewSubsegment(name);
    try {
        const result = await fn();
        sub.close();
        return result;
    } catch (err) {
        sub.close(err);
        throw err;
    }
}
