/**
 * The comparison behind `awsguard.sh`: evaluates each corpus program (and our prod stack) under mocks once, runs
 * our pack and AWSGuard's policies over the same resources with the offline engine, and prints a Markdown table
 * of the violations per program (rule ids and counts). AWSGuard is loaded from `AWSGUARD_DIR`, a scratch install.
 */
import * as fs from "fs";
import * as path from "path";
import { evaluatePolicies, OfflineResource, Violation } from "../offline";
import { Rule } from "../rules";
import { stackPolicyConfig, stackResources } from "../offline/stack";
import { PolicyPackConfig } from "../offline/types";
import { KNOWN_HOLES, PROGRAMS, corpusResources, summarize } from "../../tests/policies/corpus/corpus";

/** AWSGuard's policy modules: each exports its policies as constants (and registers them with its pack). */
const AWSGUARD_MODULES = ["apiGateway", "compute", "database", "elasticsearch", "network", "security", "storage"];

/** One program to compare: its name, stack and project, and how to get its resources. */
interface Subject {
    name: string;
    stack: string;
    project: string;
    /** Our pack's policy config: none for the corpus (no opt-in), the committed file for our stack. */
    config: PolicyPackConfig;
    resources: () => Promise<OfflineResource[]>;
}

/** The policies AWSGuard exports, loaded from the scratch install. */
function awsGuardPolicies(dir: string): Rule[] {
    if (!fs.existsSync(path.join(dir, "package.json"))) {
        throw new Error(`AWSGUARD_DIR must be an installed @pulumi/awsguard folder; ${dir} has no package.json (run policies/compare/awsguard.sh)`);
    }
    return AWSGUARD_MODULES.flatMap((m) => Object.values(require(path.join(dir, m)) as Record<string, unknown>))
        .filter((p): p is Rule => typeof p === "object" && p !== null && typeof (p as Rule).name === "string"
            && ("validateResource" in p || "validateStack" in p));
}

/**
 * Runs each rule on its own, so a rule the offline engine cannot run (AWSGuard's two asynchronous rules, which
 * call AWS APIs with credentials) is reported by name instead of stopping the whole comparison.
 */
function runEach(rules: Rule[], resources: OfflineResource[], subject: Subject): { violations: Violation[]; failed: string[] } {
    const violations: Violation[] = [];
    const failed: string[] = [];
    for (const rule of rules) {
        try {
            violations.push(...evaluatePolicies(resources, { policies: [rule], stack: subject.stack, project: subject.project }));
        } catch {
            failed.push(rule.name);
        }
    }
    return { violations, failed };
}

/** `rule-id ×n, ...` sorted by rule id; "-" for none. */
function byRule(violations: Violation[]): string {
    const counts = new Map<string, number>();
    for (const v of violations) {
        counts.set(v.policyName, (counts.get(v.policyName) ?? 0) + 1);
    }
    const cells = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, n]) => `\`${id}\`${n > 1 ? ` ×${n}` : ""}`);
    return cells.length === 0 ? "-" : cells.join(", ");
}

/**
 * How the violations meet the program's known holes: for us, holes reported exactly (rule and resource) and
 * violations that are not holes; for AWSGuard, whose rule ids differ, resources with a hole that it flags and
 * its flags on resources without one. "n/a" for a program without a list of holes (our own stack).
 */
function againstHoles(program: string, violations: Violation[], exact: boolean): string {
    const holes = KNOWN_HOLES[program];
    if (holes === undefined) {
        return "n/a";
    }
    if (exact) {
        const found = summarize(violations);
        return `${holes.filter((h) => found.includes(h)).length}/${holes.length}, ${found.filter((f) => !holes.includes(f)).length}`;
    }
    const holed = new Set(holes.map((h) => h.split(" ")[1]));
    const flagged = new Set(violations.map((v) => v.resourceName ?? ""));
    return `${[...holed].filter((r) => flagged.has(r)).length}/${holed.size}, ${violations.filter((v) => !holed.has(v.resourceName ?? "")).length}`;
}

async function main(): Promise<void> {
    const subjects: Subject[] = PROGRAMS.map((p) => ({ name: p.name, stack: p.stack, project: `corpus-${p.name}`, config: {},
        resources: () => corpusResources(p) }));
    if (process.env["COMPARE_SKIP_STACK"] !== "1") {
        subjects.push({ name: "portcullis prod stack", stack: "prod", project: "portcullis", config: stackPolicyConfig("prod"),
            resources: () => stackResources("prod") });
    }
    // Every program is evaluated before AWSGuard loads its own @pulumi/pulumi and @pulumi/aws 4.x.
    const evaluated = [];
    for (const s of subjects) {
        evaluated.push({ subject: s, resources: await s.resources() });
    }
    const { ALL_RULES } = await import("../rules");
    const guard = awsGuardPolicies(process.env["AWSGUARD_DIR"] ?? "");
    const failed = new Set<string>();
    const rows = evaluated.map(({ subject, resources }) => {
        const ours = evaluatePolicies(resources, { stack: subject.stack, project: subject.project, config: subject.config });
        const theirs = runEach(guard, resources, subject);
        theirs.failed.forEach((f) => failed.add(f));
        return `| ${subject.name} | ${resources.length} | ${ours.length} | ${againstHoles(subject.name, ours, true)} | ${byRule(ours)} `
            + `| ${theirs.violations.length} | ${againstHoles(subject.name, theirs.violations, false)} | ${byRule(theirs.violations)} |`;
    });
    console.log(`Rules: ours ${ALL_RULES.length}, AWSGuard ${guard.length}. Our pack runs without policy config on the corpus and with policies/config/prod.json on our stack; AWSGuard without config, every rule mandatory.\n`);
    console.log("| Program | Resources | Ours | Holes caught, other violations | Our rule ids | AWSGuard | Hole resources flagged, flags elsewhere | AWSGuard rule ids |");
    console.log("|---|---|---|---|---|---|---|---|");
    rows.forEach((r) => console.log(r));
    if (failed.size > 0) {
        console.log(`\nAWSGuard rules the offline engine could not run (asynchronous, they call AWS APIs): ${[...failed].sort().map((f) => `\`${f}\``).join(", ")}.`);
    }
}

main().then(() => process.exit(0), (e: unknown) => {
    process.stderr.write(`awsguard: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(2);
});
