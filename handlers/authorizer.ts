import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { policyFor, stagePrefix, type PolicyDocument, type Principal } from "../contract/access";
import { DecisionCache } from "./lib/decisionCache";
import { commonSettings, listOf, requireEnv } from "./lib/env";
import { header } from "./lib/http";
import { createLogger } from "./lib/log";
import { bearerToken, createVerifier, refusalReason } from "./lib/token";
import { defineManifest } from "./manifest";

/** Decisions kept per container: enough for a busy API's active tokens, bounded in memory (a few MB at most). */
export const DECISION_CACHE = { maxEntries: 1000, maxAgeMs: 300_000 } as const;

/**
 * The REQUEST authorizer of every token-secured route.
 *
 * Accepts only access tokens of this stack's user pool (RS256, exact issuer, `token_use` access, an allowed
 * `client_id`, `exp`/`nbf` with 5 s of skew). API Gateway caches one answer per token and reuses it for every
 * method, so the policy lists every method the principal may call and denies the rest (`policyFor`, from the
 * contract): a valid token without the right scope or group therefore gets 403. Anything invalid throws
 * `Unauthorized`, the exact message that makes API Gateway answer 401. Only the refusal reason is logged.
 * Decisions for valid tokens are also kept per container ({@link DecisionCache}) until the token expires or five
 * minutes pass, so a repeated token skips the signature check; refusals are never cached.
 *
 * Environment and permissions: {@link manifest}.
 */
export function createHandler(): (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult> {
    const env = requireEnv(["ISSUER", "USER_POOL_ID", "ALLOWED_CLIENT_IDS"]);
    const settings = commonSettings("authorizer");
    const log = createLogger(settings.serviceName, settings.logLevel);
    const issuer = env.ISSUER.replace(/\/+$/, "");
    if (!issuer.endsWith(`/${env.USER_POOL_ID}`)) throw new Error("ISSUER must be the issuer URL of USER_POOL_ID");
    const verify = createVerifier({
        issuer,
        jwksUrl: process.env.JWKS_URL || `${issuer}/.well-known/jwks.json`,
        allowedClientIds: listOf(env.ALLOWED_CLIENT_IDS),
    });
    const decisions = new DecisionCache<APIGatewayAuthorizerResult>(DECISION_CACHE.maxEntries, DECISION_CACHE.maxAgeMs);
    // A policy depends only on the stage and the token's scopes and groups, and few distinct sets exist (one per
    // group mix), so each is built once per container; the bound only guards against a flood of odd scope sets.
    const policies = new Map<string, PolicyDocument>();
    const policyOf = (principal: Principal, methodArn: string, stage: string): PolicyDocument => {
        const key = `${stage}\n${[...principal.scopes].sort().join(" ")}\n${[...principal.groups].sort().join(",")}`;
        let policy = policies.get(key);
        if (policy === undefined) {
            if (policies.size >= DECISION_CACHE.maxEntries) policies.clear();
            policies.set(key, (policy = policyFor(principal, methodArn)));
        }
        return policy;
    };
    return async (event) => {
        try {
            // Clients send the usual spellings; any other is found by the case-insensitive scan.
            const headers = event.headers;
            const authorization = headers?.Authorization ?? headers?.authorization ?? header(headers, "authorization");
            // The policy names this API and stage, so the stage is part of the key. The key is the header as sent:
            // only a header that passed bearerToken and verification was ever stored, so a hit needs neither again.
            const stage = stagePrefix(event.methodArn);
            const key = authorization === undefined ? undefined : `${stage} ${authorization}`;
            const cached = key === undefined ? undefined : decisions.get(key);
            if (cached !== undefined) return cached;
            const token = await verify(bearerToken(authorization));
            const decision: APIGatewayAuthorizerResult = {
                principalId: token.principal,
                policyDocument: policyOf(token, event.methodArn, stage),
                context: { principal: token.principal, clientId: token.clientId, groups: token.groups.join(","), scopes: token.scopes.join(" ") },
            };
            if (key !== undefined) decisions.set(key, decision, token.expiresAtMs);
            return decision;
        } catch (err) {
            const reason = refusalReason(err);
            log.info("token refused", { reason, requestId: event.requestContext?.requestId });
            throw new Error("Unauthorized");
        }
    };
}

/** What authorizer needs (checked against the code above by tests/handlers/manifests.test.ts). None: the JWKS is public; `JWKS_URL` defaults to `${ISSUER}/.well-known/jwks.json`. */
export const manifest = defineManifest({
    env: ["ISSUER", "USER_POOL_ID", "ALLOWED_CLIENT_IDS"],
    optionalEnv: ["JWKS_URL"],
    grants: [],
});
