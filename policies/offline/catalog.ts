import * as fs from "fs";
import * as path from "path";
import { groupOf } from "../lib/conventions";
import { RULE_MODULES, Rule } from "../rules";

/** Escapes a description for a Markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The rule's config properties with their defaults, e.g. `minimumRetentionDays` = 30; "-" when it has none. */
function configOf(rule: Rule): string {
    const props = Object.entries(rule.configSchema?.properties ?? {});
    return props.length === 0 ? "-" : props.map(([k, schema]) => `\`${k}\` = ${JSON.stringify(schema.default)}`).join(", ");
}

/**
 * The rule list of the README, generated from the pack: one table per rule module (service), each rule with its
 * group (baseline or Portcullis convention), severity, kind, requirement, remediation and config, in declaration
 * order. `npm run policy -- --rules` prints it; a test keeps the README equal to it.
 */
export function ruleCatalog(): string {
    const sections = Object.entries(RULE_MODULES).map(([service, rules]) => {
        const rows = Object.values(rules).map((r) => `| \`${r.name}\` | ${groupOf(r)} | ${r.severity ?? "high"} | ${"validateStack" in r ? "stack" : "resource"} | `
            + `${cell(r.description)} | ${cell(r.remediationSteps ?? "-")} | ${cell(configOf(r))} |`);
        return [`### ${service}`, "", "| Rule | Group | Severity | Kind | Requirement | Remediation | Config (default) |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
    });
    return sections.join("\n\n");
}

/** The pack's README, whose rule list sits between these markers. */
export const README = path.join(__dirname, "..", "README.md");
const LIST = /<!-- rules:begin -->\n[\s\S]*\n<!-- rules:end -->/;

/** The rule list as the README holds it; undefined when the markers are missing. */
export function readmeCatalog(readme: string): string | undefined {
    return /<!-- rules:begin -->\n([\s\S]*)\n<!-- rules:end -->/.exec(readme)?.[1];
}

/** Writes the generated rule list into the README (`npm run policy -- --update-readme`); true when it changed. */
export function updateReadme(file: string = README): boolean {
    const readme = fs.readFileSync(file, "utf8");
    if (!LIST.test(readme)) {
        throw new Error(`${file} has no <!-- rules:begin --> ... <!-- rules:end --> block`);
    }
    const updated = readme.replace(LIST, () => `<!-- rules:begin -->\n${ruleCatalog()}\n<!-- rules:end -->`);
    fs.writeFileSync(file, updated);
    return updated !== readme;
}
