import { evaluatePolicy } from "../../contract";
import { parseAuthorizerResult, type AuthorizerOutcome } from "./authorizerResult";
import { gatewayErrors } from "./errors";
import type { Clock } from "./types";

/** What the Lambda authorizer decided for one request. */
export interface AuthorizerDecision {
    /** `requestContext.authorizer`: principalId, stringified context values and the authorizer's latency. */
    context: Record<string, string | number>;
    principalId: string;
    /** Milliseconds spent in the authorizer for this request; 0 when the result came from the cache. */
    latencyMs: number;
    cached: boolean;
}

/** The authorizer's cache settings. */
export interface AuthorizerOptions {
    /** `authorizerResultTtlInSeconds`; 0 disables the cache. */
    ttlSeconds: number;
    now: Clock;
}

/**
 * The REQUEST authorizer as API Gateway runs it. The result is cached per identity-source value (the
 * Authorization header) for the TTL and reused for every method, which is why the real authorizer returns a
 * policy covering all methods; the cached policy is evaluated again against each request's own method ARN.
 * Errors are never cached: only a result API Gateway accepted is.
 */
export class RequestAuthorizer {
    private readonly cache = new Map<string, { expiresAt: number; outcome: AuthorizerOutcome }>();

    constructor(private readonly options: AuthorizerOptions) {}

    /**
     * Authorizes one request or throws the gateway's answer: 401 without an identity source (the authorizer is not
     * called), 401 when it throws `Unauthorized`, 500 for any other failure or malformed result, 403 on a deny.
     *
     * @param identitySource - the Authorization header's value: the cache key.
     * @param methodArn - the concrete ARN of the method called, which the policy is evaluated against.
     * @param call - invokes the authorizer function with this request's REQUEST event.
     */
    async authorize(identitySource: string | undefined, methodArn: string, call: () => Promise<unknown>): Promise<AuthorizerDecision> {
        if (identitySource === undefined || identitySource.trim() === "") throw gatewayErrors.unauthorized();
        const started = this.options.now();
        const hit = this.cache.get(identitySource);
        let outcome: AuthorizerOutcome;
        let cached = false;
        if (hit !== undefined && hit.expiresAt > started) {
            outcome = hit.outcome;
            cached = true;
        } else {
            outcome = await invokeAuthorizer(call);
            if (this.options.ttlSeconds > 0) this.cache.set(identitySource, { expiresAt: started + this.options.ttlSeconds * 1000, outcome });
        }
        const latencyMs = cached ? 0 : this.options.now() - started;
        const decision = evaluatePolicy(outcome.policy, methodArn);
        if (decision === "explicitDeny") throw gatewayErrors.explicitDeny();
        if (decision === "implicitDeny") throw gatewayErrors.implicitDeny();
        return {
            principalId: outcome.principalId,
            context: { ...outcome.context, principalId: outcome.principalId, integrationLatency: latencyMs },
            latencyMs,
            cached,
        };
    }
}

/** Calls the authorizer and maps its failures to API Gateway's answers. */
async function invokeAuthorizer(call: () => Promise<unknown>): Promise<AuthorizerOutcome> {
    let result: unknown;
    try {
        result = await call();
    } catch (err) {
        // Lambda reports the thrown error's message; exactly "Unauthorized" is API Gateway's signal for 401.
        const message = err instanceof Error ? err.message : (err as { errorMessage?: unknown } | undefined)?.errorMessage;
        throw message === "Unauthorized" ? gatewayErrors.unauthorized() : gatewayErrors.authorizerConfiguration();
    }
    const outcome = parseAuthorizerResult(result);
    if (outcome === undefined) throw gatewayErrors.authorizerConfiguration();
    return outcome;
}
