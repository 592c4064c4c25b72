import { asArray, asRecord, asStrings, parseDocument } from "./values";

/** One IAM statement, normalised: list fields always arrays, missing fields empty. */
export interface Statement {
    effect: string;
    actions: string[];
    notActions: string[];
    resources: string[];
    principals: string[];
    /** The `Condition` block, empty when there is none. */
    condition: Record<string, unknown>;
}

/** Principals of a statement as strings: `"*"`, or every value under `AWS`, `Service`, `Federated`, ... */
function principalsOf(principal: unknown): string[] {
    if (typeof principal === "string") {
        return [principal];
    }
    return Object.values(asRecord(principal)).flatMap(asStrings);
}

/**
 * The statements of an IAM policy document given as a JSON string or as an object; undefined when the document
 * cannot be read (a missing value during preview must not count as a violation nor crash the rule).
 */
export function statementsOf(document: unknown): Statement[] | undefined {
    const doc = parseDocument(document);
    if (!doc) {
        return undefined;
    }
    const raw = doc["Statement"];
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return list.map((s) => {
        const st = asRecord(s);
        return {
            effect: typeof st["Effect"] === "string" ? st["Effect"] : "",
            actions: asStrings(st["Action"]),
            notActions: asStrings(st["NotAction"]),
            resources: asStrings(st["Resource"]),
            principals: principalsOf(st["Principal"]),
            condition: asRecord(st["Condition"]),
        };
    });
}

/** The `Allow` statements of a document, or an empty list when the document is unreadable. */
export function allowStatementsOf(document: unknown): Statement[] {
    return (statementsOf(document) ?? []).filter((s) => s.effect === "Allow");
}

/** Read-only verbs: an action starting with one of these does not change anything. */
const READ_ONLY_PREFIXES = ["Get", "List", "Describe", "BatchGet", "Head", "View"];

/** True when the action (e.g. `s3:PutObject`, `*`, `dynamodb:*`) can change state. */
export function isWriteAction(action: string): boolean {
    const verb = action.includes(":") ? action.slice(action.indexOf(":") + 1) : action;
    // `*` and `Put*` start with no read-only verb, so wildcards that can write count as writes.
    return !READ_ONLY_PREFIXES.some((p) => verb.startsWith(p));
}

/** Reads the policies of `inlinePolicies` on a role (each `{ name, policy }`). */
export function inlinePolicyDocuments(inlinePolicies: unknown): unknown[] {
    return asArray(inlinePolicies).map((p) => asRecord(p)["policy"]);
}

/** True when the document denies requests made without TLS (`Bool: { "aws:SecureTransport": "false" }`). */
export function deniesInsecureTransport(document: unknown): boolean {
    return (statementsOf(document) ?? []).some((s) => s.effect === "Deny"
        && [false, "false"].includes(asRecord(s.condition["Bool"])["aws:SecureTransport"] as string | boolean));
}
