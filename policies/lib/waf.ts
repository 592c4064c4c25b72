import { asArray, asRecord } from "./values";

/**
 * Every statement in a WAF rule statement tree (the statement itself and the ones nested in `and`, `or`, `not`
 * and scope-down statements), so a rule can look for one kind of statement wherever it sits.
 */
export function statementTree(statement: unknown): Record<string, unknown>[] {
    const st = asRecord(statement);
    const nested: unknown[] = [
        ...asArray(asRecord(st["andStatement"])["statements"]),
        ...asArray(asRecord(st["orStatement"])["statements"]),
        asRecord(st["notStatement"])["statement"],
        asRecord(st["rateBasedStatement"])["scopeDownStatement"],
        asRecord(st["managedRuleGroupStatement"])["scopeDownStatement"],
    ].filter((s) => s !== undefined);
    return [st, ...nested.flatMap(statementTree)];
}

/** The rules of a web ACL. */
export function rulesOf(acl: { rules?: unknown }): Record<string, unknown>[] {
    return asArray(acl.rules).map(asRecord);
}

/**
 * True when the ACL uses the AWS managed rule group `name` without overriding the whole group to `count`
 * (a group in count mode is present but blocks nothing).
 */
export function hasManagedGroup(acl: { rules?: unknown }, name: string): boolean {
    return rulesOf(acl).some((rule) => {
        const group = asRecord(asRecord(rule["statement"])["managedRuleGroupStatement"]);
        const counting = asRecord(rule["overrideAction"])["count"] !== undefined;
        return group["vendorName"] === "AWS" && group["name"] === name && !counting;
    });
}

/** True when the statement tree matches on the single header `header` (case-insensitive), or on any single header. */
export function matchesHeader(statement: unknown, header?: string): boolean {
    return statementTree(statement).some((st) => {
        const field = asRecord(asRecord(st["byteMatchStatement"])["fieldToMatch"]);
        const name = asRecord(field["singleHeader"])["name"];
        return typeof name === "string" && (header === undefined || name.toLowerCase() === header.toLowerCase());
    });
}

/**
 * True when the ACL blocks requests lacking the header (any single header when `header` is not given): either a `block` rule whose statement is a `not` of a
 * header match, or a default action of `block` with an `allow` rule matching the header.
 */
export function blocksWithoutHeader(acl: { rules?: unknown; defaultAction?: unknown }, header?: string): boolean {
    const rules = rulesOf(acl);
    const blockRule = rules.some((rule) => {
        const st = asRecord(rule["statement"]);
        return asRecord(rule["action"])["block"] !== undefined
            && matchesHeader(asRecord(st["notStatement"])["statement"], header);
    });
    const blockByDefault = asRecord(acl.defaultAction)["block"] !== undefined && rules.some((rule) =>
        asRecord(rule["action"])["allow"] !== undefined && matchesHeader(rule["statement"], header));
    return blockRule || blockByDefault;
}

/**
 * True for a REGIONAL ACL that blocks every request lacking a secret header, whatever its name (Portcullis calls
 * it X-Origin-Verify): what it admits came through CloudFront, which adds the header, so it was already
 * inspected by the distribution's CLOUDFRONT-scope ACL.
 */
export function admitsOnlyCloudFront(acl: { scope?: unknown; rules?: unknown; defaultAction?: unknown }): boolean {
    return acl.scope === "REGIONAL" && blocksWithoutHeader(acl);
}
