import { expect } from "chai";
import { type CapturedResource, type EvaluatedStack, evaluateStack } from "../../local/program/evaluate";

export type StackName = "dev" | "prod";

/** Both stacks, evaluated once per test file in a `before` hook (each evaluation takes seconds). */
export function evaluateBothStacks(): Partial<Record<StackName, EvaluatedStack>> {
    const stacks: Partial<Record<StackName, EvaluatedStack>> = {};
    before(async function () {
        // The first file to ask pays for both evaluations (every function serialized); on two cores shared with
        // other work that has taken over the default 60 s.
        this.timeout(300_000);
        stacks.dev = await evaluateStack("dev");
        stacks.prod = await evaluateStack("prod");
    });
    return stacks;
}

/** How many resources of each type, for exact-count assertions. */
export function countByType(resources: CapturedResource[]): Record<string, number> {
    return resources.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {});
}

/** One component's resources in one stack, read after the `before` hook of {@link evaluateBothStacks} ran. */
export interface ComponentView {
    readonly stack: EvaluatedStack;
    /** The component's direct children. */
    readonly mine: CapturedResource[];
    ofType(type: string): CapturedResource[];
    /** The one resource of the stack with this type and logical name. */
    named(type: string, name: string): CapturedResource;
}

export function componentView(stacks: Partial<Record<StackName, EvaluatedStack>>, stackName: StackName, component: string): ComponentView {
    const view: ComponentView = {
        get stack() {
            const stack = stacks[stackName];
            if (stack === undefined) throw new Error(`the ${stackName} stack is read before it was evaluated`);
            return stack;
        },
        get mine() {
            return view.stack.resources.filter((r) => r.parent === component);
        },
        ofType: (type) => view.mine.filter((r) => r.type === type),
        named(type, name) {
            const found = view.stack.resources.filter((r) => r.type === type && r.name === name);
            expect(found, `${type}::${name}`).to.have.length(1);
            return found[0];
        },
    };
    return view;
}

/** Pulumi's wire marker of a secret value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The value of an input the engine received as a secret; fails when it arrived in clear. */
export function secretValue(input: unknown): unknown {
    const wrapped = input as Record<string, unknown> | undefined;
    expect(wrapped?.[SECRET_SIG], "a secret input").to.equal("1b47061264138c4ac30d75fd1eb44270");
    return wrapped!.value;
}
