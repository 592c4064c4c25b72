/** Runs rule cases through the offline engine: Prepare (fixture + one change) / Act (evaluate) / Assess (messages). */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../policies/offline/run";
import { Rule } from "../../policies/rules";
import { evaluatePolicies, OfflineResource } from "../../policies/offline";
import { FIXTURE_CONFIG, StackName, secureStack } from "./fixtures";
import { stackResources } from "../../policies/offline/stack";

/** One insecure variant: a description of the single change, the changed stack, and the exact message(s). */
export interface Variant {
    change: string;
    resources: (base: OfflineResource[]) => OfflineResource[];
    messages: string[];
    /** The stack the base fixture belongs to. Default `"prod"`. */
    stack?: StackName;
    /** The rule's policy config for this variant, over the fixture's. */
    config?: Record<string, unknown>;
}

/** Another accepted design: a description of the single change and the changed stack, which must pass. */
export interface Passing {
    change: string;
    resources: (base: OfflineResource[]) => OfflineResource[];
}

/** The cases of one rule: the secure stack passes, each variant fails with exactly its messages. */
export interface RuleCase {
    rule: Rule;
    variants: Variant[];
    /** Secure shapes other than the fixture's that the rule must accept (checked on the prod fixture). */
    passing?: Passing[];
}

/**
 * Messages the rule reports on the resources. Only the rule under test runs (rules share no state, so running
 * the others only costs time); `pack.test.ts` runs the whole pack over the secure stacks.
 */
export function messagesOf(rule: Rule, resources: OfflineResource[], config: Record<string, unknown> = {}): string[] {
    const own = FIXTURE_CONFIG[rule.name];
    const ruleConfig = { ...(typeof own === "object" ? own : {}), ...config };
    return evaluatePolicies(resources, { policies: [rule], config: { ...FIXTURE_CONFIG, [rule.name]: ruleConfig } }).map((v) => v.message);
}

/** Declares the mocha tests of the cases. */
export function describeRules(title: string, cases: RuleCase[]): void {
    describe(title, () => {
        for (const c of cases) {
            describe(c.rule.name, () => {
                for (const stack of ["dev", "prod"] as const) {
                    it(`passes on the secure ${stack} stack`, () => {
                        expect(messagesOf(c.rule, secureStack(stack))).to.deep.equal([]);
                    });
                }
                for (const p of c.passing ?? []) {
                    it(`passes when ${p.change}`, () => {
                        expect(messagesOf(c.rule, p.resources(secureStack("prod")))).to.deep.equal([]);
                    });
                }
                for (const v of c.variants) {
                    it(`fails when ${v.change}`, () => {
                        const resources = v.resources(secureStack(v.stack ?? "prod"));
                        expect(messagesOf(c.rule, resources, v.config)).to.deep.equal(v.messages);
                    });
                }
            });
        }
    });
}

/** Runs the policy CLI in-process: `write` puts JSON in a fresh temporary directory, `run` returns exit code and output. */
export function policyCli() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-cli-"));
    return {
        dir,
        write(name: string, data: unknown): string {
            const file = path.join(dir, name);
            fs.writeFileSync(file, JSON.stringify(data));
            return file;
        },
        async run(argv: string[]): Promise<{ code: number; out: string }> {
            const out: string[] = [];
            const code = await main(argv, (t) => out.push(t));
            return { code, out: out.join("\n") };
        },
    };
}

/**
 * Both real stacks as offline resources, filled in by a `before` hook of the calling suite. Evaluating a stack
 * program serializes every function (seconds); the evaluations are shared by every test file in the process.
 */
export function realStacks(suite: Mocha.Suite): Record<StackName, OfflineResource[]> {
    // The first file to ask pays for both evaluations; on two shared cores that has taken over two minutes.
    suite.timeout(300_000);
    const stacks = {} as Record<StackName, OfflineResource[]>;
    before(async () => {
        stacks.dev = await stackResources("dev");
        stacks.prod = await stackResources("prod");
    });
    return stacks;
}
