import { API_VERSION } from "../contract";
import { table } from "./markdown";

/** What kind of change a changelog entry records; `breaking` only ever appears with a new major version. */
export type ChangeKind = "added" | "changed" | "deprecated" | "removed" | "fixed" | "security" | "breaking";

/** One released API version. */
export interface Release {
    /** Semantic version, as in the contract's `API_VERSION`. */
    version: string;
    /** Release date, YYYY-MM-DD. */
    date: string;
    summary: string;
    changes: { kind: ChangeKind; text: string }[];
}

/**
 * Every API version, newest first. The newest entry must be the contract's `API_VERSION` (a test checks it), so a
 * version bump without a changelog entry fails.
 */
export const CHANGELOG: readonly Release[] = [
    {
        version: "1.0.0",
        date: "2026-11-28",
        summary: "First release of the Portcullis API.",
        changes: [
            { kind: "added", text: "Catalog: list, get, create, replace (If-Match) and delete products; presigned image uploads." },
            { kind: "added", text: "Orders: idempotent order placement with Idempotency-Key, listing, reading and signed receipt URLs." },
            { kind: "added", text: "Reports: sales per day and product for admins." },
            { kind: "added", text: "Internal: SigV4-signed bulk stock updates for AWS-side services." },
            { kind: "security", text: "API keys with basic, premium and enterprise usage plans; Cognito access tokens with scopes and groups." },
        ],
    },
];

/** The changelog page in Markdown. */
export function changelogMarkdown(releases: readonly Release[] = CHANGELOG): string {
    const parts = ["# Changelog", "", `The current API version is **${API_VERSION}**. Breaking changes only come with a new major version.`, ""];
    for (const r of releases) {
        parts.push(`## ${r.version} (${r.date})`, "", r.summary, "", table(["Kind", "Change"], r.changes.map((c) => [c.kind, c.text])), "");
    }
    return parts.join("\n");
}
