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
 * severity and description, in declaration order. `npm run policy -- --rules` prints it; a test keeps the README
 * equal to it.
 */
export function ruleCatalog(): string {
    const sections = Object.entries(RULE_MODULES).map(([service, rules]) => {
        const rows = Object.values(rules).map((r) => `| \`${r.name}\` | ${r.severity ?? "high"} | ${"validateStack" in r ? "stack" : "resource"} | ${cell(r.description)} | ${cell(configOf(r))} |`);
        return [`### ${service}`, "", "| Rule | Severity | Kind | Requirement | Config (default) |", "|---|---|---|---|---|", ...rows].join("\n");
    });
    return sections.join("\n\n");
}
