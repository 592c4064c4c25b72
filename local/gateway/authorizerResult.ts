import type { PolicyDocument } from "../../contract";

/** An authorizer's answer once API Gateway has accepted its shape. */
export interface AuthorizerOutcome {
    principalId: string;
    policy: PolicyDocument;
    /** Context values as API Gateway passes them on: strings, numbers and booleans turned into strings. */
    context: Record<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringOrStrings = (v: unknown) => typeof v === "string" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string"));

/**
 * Checks an authorizer result the way API Gateway does and returns undefined where it would answer 500
 * (AuthorizerConfigurationException): no principalId, no policy document, a statement without a valid Effect,
 * Action or Resource, or a context value that is an object or array (only strings, numbers and booleans pass).
 */
export function parseAuthorizerResult(result: unknown): AuthorizerOutcome | undefined {
    if (!isObject(result) || typeof result.principalId !== "string" || !isObject(result.policyDocument)) return undefined;
    const statements = ([] as unknown[]).concat(result.policyDocument.Statement ?? []);
    const valid = statements.every(
        (s) => isObject(s) && (s.Effect === "Allow" || s.Effect === "Deny") && isStringOrStrings(s.Action) && isStringOrStrings(s.Resource),
    );
    if (!valid || statements.length === 0) return undefined;
    const context: Record<string, string> = {};
    if (result.context !== undefined && result.context !== null) {
        if (!isObject(result.context)) return undefined;
        for (const [key, value] of Object.entries(result.context)) {
            if (value === null || value === undefined) continue;
            if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
            context[key] = String(value);
        }
    }
    return { principalId: result.principalId, policy: result.policyDocument as unknown as PolicyDocument, context };
}
