/**
 * Settings shared by every SDK client. Endpoints are deliberately absent: the SDK reads
 * `AWS_ENDPOINT_URL_<SERVICE>` itself, which is how tests and local mode reach the stand-ins.
 */

/**
 * How long one store call may take, in one place: the clients below are built from it, and config validation
 * (`config/deployRules.ts`) reads it to prove that a store call ends inside the Lambda timeout, and the Lambda
 * timeout inside API Gateway's integration timeout. A slow store then ends in the designed 503, never in
 * API Gateway's 504 (or the 502 of a function that timed out).
 */
export const STORE_CALLS = {
    /** Attempts per call, the first included: one retry absorbs a dropped keep-alive socket or one throttle. */
    maxAttempts: 2,
    /** Per-attempt budget of DynamoDB, S3 and Secrets Manager calls, connecting included (they answer in milliseconds). */
    requestTimeoutMs: 1_500,
    /** Per-attempt budget of a Data API statement: the API's statements are small, but Aurora adds a hop. */
    dataApiRequestTimeoutMs: 3_000,
    /** Per-attempt budget of a migration statement (DDL), inside the migration function's own, longer timeout. */
    migrationRequestTimeoutMs: 60_000,
    /** Per-attempt budget of establishing the connection (part of the request budget, not added to it). */
    connectionTimeoutMs: 1_000,
    /** What the SDK may spend backing off between two attempts; the call's total budget below includes it. */
    retryAllowanceMs: 500,
} as const;

/** Which budget a client gets. */
export type StoreKind = "default" | "dataApi" | "migration";

/** The per-attempt budget of a client of `kind`. */
export function attemptTimeoutMs(kind: StoreKind): number {
    if (kind === "dataApi") return STORE_CALLS.dataApiRequestTimeoutMs;
    if (kind === "migration") return STORE_CALLS.migrationRequestTimeoutMs;
    return STORE_CALLS.requestTimeoutMs;
}

/**
 * The longest one store call can take, retries and backoff included: attempts x per-attempt timeout, plus the
 * retry allowance between attempts. {@link boundCalls} enforces it, so it holds whatever the SDK's backoff does
 * (its throttling backoff and Retry-After hints could otherwise add seconds).
 */
export function storeCallBudgetMs(kind: StoreKind): number {
    return STORE_CALLS.maxAttempts * attemptTimeoutMs(kind) + (STORE_CALLS.maxAttempts - 1) * STORE_CALLS.retryAllowanceMs;
}

/**
 * Client settings with bounded attempts. `throwOnRequestTimeout` matters: without it, @smithy/node-http-handler
 * only logs a warning when `requestTimeout` passes and the call keeps waiting (until the function times out).
 *
 * @param kind - which per-attempt budget; the Data API needs more than DynamoDB or S3.
 */
export function clientConfig(kind: StoreKind = "default") {
    return {
        maxAttempts: STORE_CALLS.maxAttempts,
        requestHandler: { connectionTimeout: STORE_CALLS.connectionTimeoutMs, requestTimeout: attemptTimeoutMs(kind), throwOnRequestTimeout: true },
    };
}

/** The part of an SDK v3 client {@link boundCalls} needs. */
interface WithMiddleware {
    middlewareStack: { add(middleware: unknown, options: { step: "initialize"; name: string }): void };
}

/**
 * Ends every call of `client` (all its attempts and backoff) after {@link storeCallBudgetMs} with a `TimeoutError`,
 * which the handlers answer as a 503. The middleware sits at the initialize step, outside the SDK's retry loop.
 */
export function boundCalls<C extends WithMiddleware>(client: C, kind: StoreKind): C {
    const budgetMs = storeCallBudgetMs(kind);
    const middleware = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(Object.assign(new Error(`A store call took longer than its ${budgetMs} ms budget`), { name: "TimeoutError" })), budgetMs);
        });
        try {
            return await Promise.race([next(args), deadline]);
        } finally {
            clearTimeout(timer);
        }
    };
    client.middlewareStack.add(middleware, { step: "initialize", name: "portcullisStoreCallBudget" });
    return client;
}

/**
 * S3 client settings. Checksums only when an operation requires them: with the SDK's default, presigned PUT URLs
 * carry a CRC32 of an empty body and every real upload through them fails; receipts are small JSON over TLS.
 *
 * @param forcePathStyle - only the local stand-in needs path-style addressing (`S3_FORCE_PATH_STYLE`).
 */
export function s3ClientConfig(forcePathStyle: boolean) {
    return {
        ...clientConfig(),
        forcePathStyle,
        requestChecksumCalculation: "WHEN_REQUIRED" as const,
        responseChecksumValidation: "WHEN_REQUIRED" as const,
    };
}
