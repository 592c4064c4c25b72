/** Runs rule cases through the offline engine: Prepare (fixture + one change) / Act (evaluate) / Assess (messages). */
import { expect } from "chai";
import { Rule } from "../../policies/rules";
import { evaluatePolicies, OfflineResource } from "../../policies/offline";
import { StackName, secureStack } from "./fixtures";

/** One insecure variant: a description of the single change, the changed stack, and the exact message(s). */
export interface Variant {
    change: string;
    resources: (base: OfflineResource[]) => OfflineResource[];
    messages: string[];
    /** The stack the base fixture belongs to. Default `"prod"`. */
    stack?: StackName;
}

/** The cases of one rule: the secure stack passes, each variant fails with exactly its messages. */
export interface RuleCase {
    rule: Rule;
    variants: Variant[];
}

/** Messages the rule reports on the resources (the whole pack runs, so the engine is exercised too). */
export function messagesOf(rule: Rule, resources: OfflineResource[]): string[] {
    return evaluatePolicies(resources).filter((v) => v.policyName === rule.name).map((v) => v.message);
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
                for (const v of c.variants) {
                    it(`fails when ${v.change}`, () => {
                        const resources = v.resources(secureStack(v.stack ?? "prod"));
                        expect(messagesOf(c.rule, resources)).to.deep.equal(v.messages);
                    });
                }
            });
        }
    });
}
