import { storeCallBudgetMs, STORE_CALLS, type StoreKind } from "../handlers/lib/aws";
import type { StackConfig } from "./schema";

/**
 * Rules across keys that only a real deployment would otherwise enforce: each is a value AWS refuses, or a
 * combination that deploys but fails at run time. They run in {@link parseConfig} (so a bad stack fails before any
 * resource is created) and are exported one per rule so the policy pack and the tests can name them.
 */
export const DEPLOY_RULES = {
    /**
     * Concurrency Lambda keeps unreserved in every account and region: PutFunctionConcurrency refuses a reservation
     * that leaves less (https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html).
     */
    unreservedConcurrencyMinimum: 100,
    /** Time a function needs after its last store call fails, to log and answer the 503. */
    answerMarginMs: 500,
    /**
     * How much longer API Gateway must wait than the function may run: the invocation's own overhead and a cold
     * start's init phase, which API Gateway waits for and the function timeout does not count.
     */
    invokeMarginMs: 1_000,
} as const;

/** The store clients API functions build (the migration function has its own timeout, see DataLayer). */
const API_STORE_KINDS: readonly StoreKind[] = ["default", "dataApi"];

/**
 * Shield Advanced protection needs the account's subscription, which this stack never creates (the bootstrap
 * program does, behind an explicit flag): without it, CreateProtection fails with "The subscription does not exist".
 */
export function shieldProblems(config: StackConfig): string[] {
    if (!config.edge.shieldAdvanced || config.edge.shieldSubscribed) return [];
    return [
        "portcullis:edge.shieldAdvanced is true but portcullis:edge.shieldSubscribed is not: a Shield Advanced protection " +
            "needs the account's subscription (CreateProtection fails with \"The subscription does not exist\"). Subscribe once " +
            "per account with the bootstrap program's shieldAdvancedSubscription flag (USD 3,000 a month, one-year commitment), " +
            "then set portcullis:edge.shieldSubscribed: true; or set portcullis:edge.shieldAdvanced: false",
    ];
}

/** Reservations summed over the stack's functions must leave Lambda's unreserved minimum of the account quota. */
export function concurrencyProblems(config: StackConfig): string[] {
    const { reservedConcurrency, accountConcurrencyLimit } = config.lambda;
    const entries = Object.entries(reservedConcurrency) as [string, number][];
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    const allowed = accountConcurrencyLimit - DEPLOY_RULES.unreservedConcurrencyMinimum;
    if (entries.length === 0 || total <= allowed) return [];
    return [
        `portcullis:lambda.reservedConcurrency reserves ${total} in total (${entries.map(([fn, n]) => `${fn} ${n}`).join(", ")}), ` +
            `but portcullis:lambda.accountConcurrencyLimit (${accountConcurrencyLimit}) less the ${DEPLOY_RULES.unreservedConcurrencyMinimum} ` +
            `Lambda keeps unreserved allows at most ${Math.max(allowed, 0)}: lower the reservations, or raise the account's quota and then the limit`,
    ];
}

/**
 * Timeouts nest: the longest store call (all attempts and backoff, `STORE_CALLS` in handlers/lib/aws.ts) plus the
 * time to answer 503 fits in the Lambda timeout, and the Lambda timeout plus the invocation margin fits in API
 * Gateway's integration timeout. Otherwise a slow store ends in a 502 (function timed out) or a 504 (API Gateway
 * gave up), never in the designed 503.
 */
export function timeoutProblems(config: StackConfig): string[] {
    const problems: string[] = [];
    const lambdaMs = config.lambda.timeoutSeconds * 1000;
    const kind = API_STORE_KINDS.reduce((a, b) => (storeCallBudgetMs(b) > storeCallBudgetMs(a) ? b : a));
    const storeMs = storeCallBudgetMs(kind);
    const needMs = storeMs + DEPLOY_RULES.answerMarginMs;
    if (lambdaMs < needMs) {
        problems.push(
            `portcullis:lambda.timeoutSeconds must be at least ${Math.ceil(needMs / 1000)} so a slow store ends in a 503: a ${kind === "dataApi" ? "Data API" : "store"} ` +
                `call may take ${storeMs} ms (STORE_CALLS in handlers/lib/aws.ts: ${STORE_CALLS.maxAttempts} attempts of ${storeMs === storeCallBudgetMs("dataApi") ? STORE_CALLS.dataApiRequestTimeoutMs : STORE_CALLS.requestTimeoutMs} ms ` +
                `plus ${STORE_CALLS.retryAllowanceMs} ms between them) and answering takes ${DEPLOY_RULES.answerMarginMs} ms; got ${config.lambda.timeoutSeconds}`,
        );
    }
    const integrationMs = config.gateway.integrationTimeoutMs;
    if (integrationMs < lambdaMs + DEPLOY_RULES.invokeMarginMs) {
        problems.push(
            `portcullis:gateway.integrationTimeoutMs must be at least portcullis:lambda.timeoutSeconds (${config.lambda.timeoutSeconds} s) ` +
                `plus ${DEPLOY_RULES.invokeMarginMs} ms for the invocation and a cold start, ${lambdaMs + DEPLOY_RULES.invokeMarginMs}, ` +
                `or API Gateway answers 504 while the function still runs; got ${integrationMs}`,
        );
    }
    return problems;
}

/** Every rule above, in the order they are documented. */
export function deployRuleProblems(config: StackConfig): string[] {
    return [...shieldProblems(config), ...concurrencyProblems(config), ...timeoutProblems(config)];
}
