import type * as aws from "@pulumi/aws";
import { BLOCK_RESPONSES } from "../../components/wafRules";

type Rule = aws.types.input.wafv2.WebAclRule;
type Statement = aws.types.input.wafv2.WebAclRuleStatement;

/** What a web ACL inspects of a request, here: the URI path as received and the headers by lower-case name. */
export interface WafRequest {
    uriPath: string;
    headers: Readonly<Record<string, string | undefined>>;
}

/** The terminating action for a request; `block` names the custom response body the rule answers with. */
export type WafVerdict = { action: "allow"; rule?: string } | { action: "block"; rule: string; status: number; body: string };

/** A value WAF compares; the rules local mode evaluates hold plain strings, never Outputs. */
function plain(value: unknown, what: string): string {
    if (typeof value !== "string") throw new Error(`local WAF: ${what} must be a plain string, got ${typeof value}`);
    return value;
}

function field(fieldToMatch: unknown, req: WafRequest): string | undefined {
    const f = fieldToMatch as { uriPath?: object; singleHeader?: { name: unknown } };
    if (f.uriPath !== undefined) return req.uriPath;
    if (f.singleHeader !== undefined) return req.headers[plain(f.singleHeader.name, "singleHeader.name").toLowerCase()];
    throw new Error(`local WAF: unsupported fieldToMatch ${JSON.stringify(fieldToMatch)}`);
}

function noTransformation(transformations: unknown): void {
    const list = transformations as { type: unknown }[];
    if (!list.every((t) => t.type === "NONE")) throw new Error("local WAF: only the NONE text transformation is supported");
}

/**
 * Whether a rule statement matches, for the statements the stack's REGIONAL ACL uses: byte match (EXACTLY,
 * STARTS_WITH, CONTAINS) and regex match on the URI path or one header, and AND, OR, NOT. A missing header
 * matches nothing, as in WAF. Anything else throws, so the local ACL can never silently admit what AWS would not.
 */
export function statementMatches(statement: Statement, req: WafRequest): boolean {
    const s = statement as Record<string, any>;
    if (s.andStatement !== undefined) return (s.andStatement.statements as Statement[]).every((x) => statementMatches(x, req));
    if (s.orStatement !== undefined) return (s.orStatement.statements as Statement[]).some((x) => statementMatches(x, req));
    if (s.notStatement !== undefined) return !statementMatches(s.notStatement.statement as Statement, req);
    if (s.byteMatchStatement !== undefined) {
        const m = s.byteMatchStatement;
        noTransformation(m.textTransformations);
        const value = field(m.fieldToMatch, req);
        const search = plain(m.searchString, "searchString");
        if (value === undefined) return false;
        switch (m.positionalConstraint) {
            case "EXACTLY":
                return value === search;
            case "STARTS_WITH":
                return value.startsWith(search);
            case "CONTAINS":
                return value.includes(search);
            default:
                throw new Error(`local WAF: unsupported positionalConstraint ${String(m.positionalConstraint)}`);
        }
    }
    if (s.regexMatchStatement !== undefined) {
        const m = s.regexMatchStatement;
        noTransformation(m.textTransformations);
        const value = field(m.fieldToMatch, req);
        return value !== undefined && new RegExp(plain(m.regexString, "regexString")).test(value);
    }
    throw new Error(`local WAF: unsupported statement ${Object.keys(s).join(", ")}`);
}

/**
 * A web ACL's decision with a default action of allow: rules in priority order, the first matching `allow` or
 * `block` ends evaluation (`count` goes on). A block answers the rule's custom response body in JSON.
 */
export function evaluateAcl(rules: readonly Rule[], req: WafRequest): WafVerdict {
    for (const rule of [...rules].sort((a, b) => Number(a.priority) - Number(b.priority))) {
        if (!statementMatches(rule.statement as Statement, req)) continue;
        const action = rule.action as { allow?: object; block?: { customResponse?: { customResponseBodyKey?: unknown } }; count?: object } | undefined;
        if (action?.allow !== undefined) return { action: "allow", rule: plain(rule.name, "rule name") };
        if (action?.block !== undefined) {
            const key = plain(action.block.customResponse?.customResponseBodyKey, "customResponseBodyKey") as keyof typeof BLOCK_RESPONSES;
            const response = BLOCK_RESPONSES[key];
            return { action: "block", rule: plain(rule.name, "rule name"), status: response.status, body: JSON.stringify({ message: response.message }) };
        }
    }
    return { action: "allow" };
}
