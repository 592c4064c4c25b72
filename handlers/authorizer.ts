import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { policyFor } from "../contract/access";
import { commonSettings, listOf, requireEnv } from "./lib/env";
import { header } from "./lib/http";
import { createLogger } from "./lib/log";
import { bearerToken, createVerifier, refusalReason } from "./lib/token";

/**
 * The REQUEST authorizer of every token-secured route.
 *
 * Accepts only access tokens of this stack's user pool (RS256, exact issuer, `token_use` access, an allowed
 * `client_id`, `exp`/`nbf` with 5 s of skew). API Gateway caches one answer per token and reuses it for every
 * method, so the policy lists every method the principal may call and denies the rest (`policyFor`, from the
 * contract): a valid token without the right scope or group therefore gets 403. Anything invalid throws
 * `Unauthorized`, the exact message that makes API Gateway answer 401. Only the refusal reason is logged.
 *
 * Environment: `ISSUER`, `USER_POOL_ID`, `ALLOWED_CLIENT_IDS`, `JWKS_URL` (default `${ISSUER}/.well-known/jwks.json`).
 * IAM: none (the JWKS is public).
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
    return async (event) => {
        try {
            const token = await verify(bearerToken(header(event.headers, "authorization")));
            return {
                principalId: token.principal,
                policyDocument: policyFor(token, event.methodArn),
                context: { principal: token.principal, clientId: token.clientId, groups: token.groups.join(","), scopes: token.scopes.join(" ") },
            };
        } catch (err) {
            const reason = refusalReason(err);
            log.info("token refused", { reason, requestId: event.requestContext?.requestId });
            throw new Error("Unauthorized");
        }
    };
}
