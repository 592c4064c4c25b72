import { ROUTES } from "./routes";
import type { Group, Route, Scope } from "./types";

/** Identifier of the API's Cognito resource server; tokens carry scopes as `portcullis/catalog.read`. */
export const RESOURCE_SERVER = "portcullis";

/** The scope name as it appears in a token's `scope` claim. */
export const fullScope = (scope: Scope): string => `${RESOURCE_SERVER}/${scope}`;

/**
 * Scopes a signed-in user receives by group, added to the access token by the pre-token-generation trigger (and
 * by the local identity provider the same way). A user in no group gets no API scope at all.
 */
export const GROUP_SCOPES: Readonly<Record<Group, readonly Scope[]>> = {
    customer: ["catalog.read", "orders.read", "orders.write"],
    admin: ["catalog.read", "catalog.write", "orders.read", "orders.write", "reports.read"],
};

/** Scopes the confidential service client may request with client_credentials (it has no user, so no group). */
export const SERVICE_CLIENT_SCOPES: readonly Scope[] = ["catalog.read"];

/** What the authorizer knows about a caller once the token is verified. */
export interface Principal {
    /** Scope names without the resource-server prefix. */
    scopes: readonly string[];
    groups: readonly string[];
}

/** Whether a token-secured route admits this principal: every scope, and one of the groups when listed. */
export function routeAllows(route: Route, principal: Principal): boolean {
    if (route.security.kind !== "jwt") return false;
    const { scopes, groups } = route.security;
    if (!scopes.every((s) => principal.scopes.includes(s))) return false;
    return groups === undefined || groups.some((g) => principal.groups.includes(g));
}

/** The routes the Lambda authorizer guards. */
export const JWT_ROUTES: readonly Route[] = ROUTES.filter((r) => r.security.kind === "jwt");

/** `GET/v1/products/*`: the resource part of a method ARN, path parameters as wildcards. */
export function methodResource(route: Route): string {
    return `${route.method}${route.path.replace(/\{[^}]+\}/g, "*")}`;
}

export interface PolicyStatement {
    Action: "execute-api:Invoke";
    Effect: "Allow" | "Deny";
    Resource: string[];
}
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/**
 * The IAM policy the authorizer returns. API Gateway caches one result per token and reuses it for every method,
 * so the policy must name every method this principal may call and deny every other guarded method; it never
 * depends on which method triggered the authorizer. `methodArn` is the ARN API Gateway passed in, used only for
 * its `arn:aws:execute-api:region:account:api/stage` prefix.
 */
export function policyFor(principal: Principal, methodArn: string): PolicyDocument {
    const prefix = stagePrefix(methodArn);
    const allow: string[] = [];
    const deny: string[] = [];
    for (const route of JWT_ROUTES) {
        (routeAllows(route, principal) ? allow : deny).push(`${prefix}/${methodResource(route)}`);
    }
    const statements: PolicyStatement[] = [];
    if (allow.length > 0) statements.push({ Action: "execute-api:Invoke", Effect: "Allow", Resource: dedupe(allow) });
    if (deny.length > 0) statements.push({ Action: "execute-api:Invoke", Effect: "Deny", Resource: dedupe(deny) });
    return { Version: "2012-10-17", Statement: statements };
}

/** `arn:aws:execute-api:eu-west-1:123456789012:abc123/live` from a method ARN. */
export function stagePrefix(methodArn: string): string {
    // Everything before the second "/"; searched, not split, as the authorizer does this on every call.
    const end = methodArn.indexOf("/", methodArn.indexOf("/") + 1);
    if (!methodArn.startsWith("arn:") || end < 0) {
        throw new Error(`Not an execute-api method ARN: ${methodArn}`);
    }
    return methodArn.slice(0, end);
}

/** `GET/v1/products/42` into the concrete method ARN API Gateway would evaluate. */
export function concreteMethodArn(prefix: string, method: string, path: string): string {
    return `${prefix}/${method}${path}`;
}

/** IAM-style wildcard match: `*` any run of characters (including `/`), `?` one character. */
export function arnMatches(pattern: string, arn: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`).test(arn);
}

/**
 * Evaluates an authorizer policy the way API Gateway does: an explicit Deny wins, then an Allow, else an implicit
 * deny. Returns which of the three decided.
 */
export function evaluatePolicy(policy: PolicyDocument, methodArn: string): "allow" | "explicitDeny" | "implicitDeny" {
    const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
    const matches = (s: PolicyStatement) => {
        const actions = ([] as string[]).concat(s.Action);
        const resources = ([] as string[]).concat(s.Resource);
        return actions.some((a) => arnMatches(a, "execute-api:Invoke")) && resources.some((r) => arnMatches(r, methodArn));
    };
    if (statements.some((s) => s.Effect === "Deny" && matches(s))) return "explicitDeny";
    if (statements.some((s) => s.Effect === "Allow" && matches(s))) return "allow";
    return "implicitDeny";
}

function dedupe(values: string[]): string[] {
    return [...new Set(values)];
}
