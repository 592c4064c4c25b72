import type { JsonSchema } from "../contract";
import type { AcceptedBreak } from "../contract/acceptedBreaks";

/** A public OpenAPI document as read from JSON: only the parts the check looks at are typed. */
export interface ApiDocument {
    info: { version: string };
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, JsonSchema> };
}
interface Operation {
    operationId?: string;
    parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
    requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
    responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const JSON_TYPE = "application/json";
/** Deep enough for any schema of ours; stops a self-referencing schema from looping. */
const MAX_DEPTH = 32;

/**
 * The changes from `previous` to `current` that can break an existing client, one sentence each: removed
 * operations and success responses, new required parameters or request fields, request values that were accepted
 * and no longer are (types, enums, ranges, lengths, patterns, closed objects), and response fields that were
 * removed or are no longer always present. Additions that old clients never see are not breaking.
 */
export function findBreakingChanges(previous: ApiDocument, current: ApiDocument): string[] {
    const out: string[] = [];
    for (const [path, item] of Object.entries(previous.paths)) {
        for (const method of METHODS) {
            const before = item[method];
            if (!before) continue;
            const label = `${method.toUpperCase()} ${path}`;
            const after = current.paths[path]?.[method];
            if (!after) {
                out.push(`${label} (${before.operationId ?? "no operationId"}) was removed.`);
                continue;
            }
            compareParameters(label, before, after, previous, current, out);
            compareRequestBody(label, before, after, previous, current, out);
            for (const [status, response] of Object.entries(before.responses ?? {})) {
                if (!status.startsWith("2")) continue;
                const next = after.responses?.[status];
                if (!next) {
                    out.push(`${label}: response ${status} was removed.`);
                    continue;
                }
                const a = response.content?.[JSON_TYPE]?.schema;
                const b = next.content?.[JSON_TYPE]?.schema;
                if (a && b) compareResponse(`${label} response ${status}`, a, b, previous, current, out, 0);
            }
        }
    }
    return out;
}

function compareParameters(label: string, before: Operation, after: Operation, prevDoc: ApiDocument, curDoc: ApiDocument, out: string[]): void {
    for (const p of after.parameters ?? []) {
        const old = (before.parameters ?? []).find((q) => q.name === p.name && q.in === p.in);
        const where = `${label} ${p.in} parameter ${p.name}`;
        if (!old) {
            if (p.required) out.push(`${where} is new and required.`);
            continue;
        }
        if (p.required && !old.required) out.push(`${where} is now required.`);
        if (old.schema && p.schema) compareRequest(where, old.schema, p.schema, prevDoc, curDoc, out, 0);
    }
}

function compareRequestBody(label: string, before: Operation, after: Operation, prevDoc: ApiDocument, curDoc: ApiDocument, out: string[]): void {
    const a = before.requestBody?.content?.[JSON_TYPE]?.schema;
    const b = after.requestBody?.content?.[JSON_TYPE]?.schema;
    if (after.requestBody?.required && !before.requestBody?.required) out.push(`${label} request body is now required.`);
    if (a && b) compareRequest(`${label} request body`, a, b, prevDoc, curDoc, out, 0);
}

/** Request direction: every value the previous schema accepted must still be accepted. */
function compareRequest(where: string, prev: JsonSchema, cur: JsonSchema, prevDoc: ApiDocument, curDoc: ApiDocument, out: string[], depth: number): void {
    const a = resolve(prev, prevDoc);
    const b = resolve(cur, curDoc);
    if (depth > MAX_DEPTH) return;
    if (a.type !== undefined && b.type !== undefined && a.type !== b.type && !(a.type === "integer" && b.type === "number")) {
        out.push(`${where}: type changed from ${a.type} to ${b.type}.`);
        return;
    }
    if (b.enum) {
        const dropped = a.enum ? a.enum.filter((v) => !b.enum?.includes(v)) : undefined;
        if (dropped === undefined) out.push(`${where}: now limited to ${b.enum.map((v) => JSON.stringify(v)).join(", ")}.`);
        else if (dropped.length > 0) out.push(`${where}: no longer accepts ${dropped.map((v) => JSON.stringify(v)).join(", ")}.`);
    }
    narrowed(where, "minimum", a.minimum, b.minimum, "raised", out);
    narrowed(where, "maximum", a.maximum, b.maximum, "lowered", out);
    narrowed(where, "minLength", a.minLength, b.minLength, "raised", out);
    narrowed(where, "maxLength", a.maxLength, b.maxLength, "lowered", out);
    narrowed(where, "minItems", a.minItems, b.minItems, "raised", out);
    narrowed(where, "maxItems", a.maxItems, b.maxItems, "lowered", out);
    if (b.pattern !== undefined && b.pattern !== a.pattern) out.push(`${where}: pattern changed from ${a.pattern === undefined ? "none" : `/${a.pattern}/`} to /${b.pattern}/.`);
    for (const name of b.required ?? []) if (!(a.required ?? []).includes(name)) out.push(`${where}: field "${name}" is new and required.`);
    if (b.additionalProperties === false) {
        if (a.additionalProperties !== false) out.push(`${where}: no longer accepts fields beyond its properties.`);
        for (const name of Object.keys(a.properties ?? {})) if (!b.properties?.[name]) out.push(`${where}: field "${name}" is no longer accepted.`);
    }
    for (const [name, schema] of Object.entries(a.properties ?? {})) {
        const next = b.properties?.[name];
        if (next) compareRequest(`${where}.${name}`, schema, next, prevDoc, curDoc, out, depth + 1);
    }
    if (a.items && b.items) compareRequest(`${where}[]`, a.items, b.items, prevDoc, curDoc, out, depth + 1);
}

/** Response direction: every field a client could read before must still be there, with the same type. */
function compareResponse(where: string, prev: JsonSchema, cur: JsonSchema, prevDoc: ApiDocument, curDoc: ApiDocument, out: string[], depth: number): void {
    const a = resolve(prev, prevDoc);
    const b = resolve(cur, curDoc);
    if (depth > MAX_DEPTH) return;
    if (a.type !== undefined && b.type !== undefined && a.type !== b.type && !(a.type === "number" && b.type === "integer")) {
        out.push(`${where}: type changed from ${a.type} to ${b.type}.`);
        return;
    }
    for (const [name, schema] of Object.entries(a.properties ?? {})) {
        const next = b.properties?.[name];
        if (!next) {
            out.push(`${where}: field "${name}" was removed.`);
            continue;
        }
        if ((a.required ?? []).includes(name) && !(b.required ?? []).includes(name)) out.push(`${where}: field "${name}" is no longer always present.`);
        compareResponse(`${where}.${name}`, schema, next, prevDoc, curDoc, out, depth + 1);
    }
    if (a.items && b.items) compareResponse(`${where}[]`, a.items, b.items, prevDoc, curDoc, out, depth + 1);
}

function narrowed(where: string, keyword: string, a: number | undefined, b: number | undefined, verb: "raised" | "lowered", out: string[]): void {
    if (b === undefined) return;
    const tighter = a === undefined || (verb === "raised" ? b > a : b < a);
    if (tighter) out.push(`${where}: ${keyword} ${a === undefined ? `set to ${b}` : `${verb} from ${a} to ${b}`}.`);
}

/** Follows `#/components/schemas/<Name>` references within one document. */
function resolve(schema: JsonSchema, doc: ApiDocument): JsonSchema {
    let s = schema;
    for (let hops = 0; s.$ref && hops < MAX_DEPTH; hops++) {
        const name = s.$ref.replace("#/components/schemas/", "");
        const target = doc.components?.schemas?.[name];
        if (!target) throw new Error(`Unresolvable $ref ${s.$ref} in API ${doc.info.version}`);
        s = target;
    }
    return s;
}

/** The verdict on a contract against the last release. */
export interface BreakingReview {
    /** Every breaking change found, accepted or not. */
    changes: string[];
    /** The changes an entry of the accepted list covers. */
    accepted: string[];
    /**
     * What fails the check, one sentence each: a breaking change no entry accepts while the major version is
     * unchanged, and an entry that accepts nothing (measured against another release, or matching no change).
     */
    problems: string[];
}

/**
 * Compares `current` (the contract at `currentVersion`) with the last release and applies the accepted list
 * (`contract/acceptedBreaks.ts`): an entry covers exactly one change, by its exact sentence, against that release.
 * A new major version allows every break, but a stale entry still fails, so the list never outlives its change.
 */
export function reviewBreakingChanges(
    last: { version: string; document: ApiDocument },
    current: ApiDocument,
    currentVersion: string,
    acceptedBreaks: readonly AcceptedBreak[],
): BreakingReview {
    const changes = findBreakingChanges(last.document, current);
    const problems: string[] = [];
    const accepted = new Set<string>();
    for (const entry of acceptedBreaks) {
        if (entry.against !== last.version) problems.push(`Accepted break measured against ${entry.against}, but the last release is ${last.version}; remove it: ${entry.change}`);
        else if (accepted.has(entry.change)) problems.push(`Accepted break listed twice; remove one: ${entry.change}`);
        else if (!changes.includes(entry.change)) problems.push(`Accepted break matches no change since ${last.version}; remove it or correct its sentence: ${entry.change}`);
        else accepted.add(entry.change);
    }
    if (majorOf(currentVersion) <= majorOf(last.version)) {
        for (const change of changes) if (!accepted.has(change)) problems.push(`Breaking change needs a new major version (API_VERSION is ${currentVersion}) or a reviewed entry in contract/acceptedBreaks.ts: ${change}`);
    }
    return { changes, accepted: changes.filter((c) => accepted.has(c)), problems };
}

/** The major version of a semantic version string. */
export function majorOf(version: string): number {
    const match = /^(\d+)\.\d+\.\d+/.exec(version);
    if (!match) throw new Error(`Not a semantic version: ${version}`);
    return Number(match[1]);
}
