import { Severity } from "@pulumi/policy";
import type { RuleCounts } from "./engine";
import { Violation } from "./types";

/** Severities from the most to the least urgent, the order the report uses. */
export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "medium", "low"];

/**
 * Formats violations as a report grouped by severity, most urgent first, each line naming the enforcement
 * level, the rule and the resource, followed by a one-line summary.
 */
export function formatViolations(violations: readonly Violation[]): string {
    if (violations.length === 0) {
        return "No policy violations.";
    }
    const lines: string[] = [];
    for (const severity of SEVERITY_ORDER) {
        const group = violations.filter((v) => v.severity === severity);
        if (group.length === 0) {
            continue;
        }
        lines.push(`${severity.toUpperCase()} (${group.length})`);
        for (const v of group) {
            const resource = v.resourceName === undefined ? "stack" : `${v.resourceType} '${v.resourceName}'`;
            lines.push(`  [${v.enforcementLevel}] ${v.policyName} on ${resource}`, `      ${v.message}`);
        }
    }
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    lines.push("", `${violations.length} violation(s): ${mandatory} mandatory, ${violations.length - mandatory} advisory.`);
    return lines.join("\n");
}

/**
 * The line that says what a run checked, e.g. `Ran 52 rules (48 on each resource, 6 on the stack) over 187
 * resources.`, so "No policy violations." can be told apart from a run that checked nothing.
 */
export function formatCoverage(counts: RuleCounts, resources: number): string {
    const disabled = counts.disabled === 0 ? "" : `; ${counts.disabled} disabled by the policy config`;
    return `Ran ${counts.ran} rules (${counts.resource} on each resource, ${counts.stack} on the stack) over ${resources} resources${disabled}.`;
}
