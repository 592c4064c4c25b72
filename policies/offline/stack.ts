/**
 * The resources of a real Portcullis stack as the offline engine takes them: the stack program evaluated under
 * mocks (`local/program/evaluate.ts`) with that stack's config, each captured resource turned into an
 * {@link OfflineResource} carrying what CrossGuard would hand the rules.
 */
import type { CapturedResource } from "../../local/program/evaluate";
import * as fs from "fs";
import * as path from "path";
import { OfflineResource, PolicyPackConfig } from "./types";

/**
 * Converts captured resources to offline resources: resource rules get the inputs (what `Analyze` receives),
 * stack rules the mocked state with `arn` and `id` (what `AnalyzeStack` receives); parent, dependencies and the
 * provider become URNs, the provider with its own inputs (e.g. `region`), as the engine sends it.
 */
export function toOfflineResources(captured: readonly CapturedResource[]): OfflineResource[] {
    const byKey = new Map(captured.map((c) => [`${c.type}::${c.name}`, c]));
    const urnOfKey = (key: string | undefined) => (key === undefined ? undefined : byKey.get(key)?.urn);
    return captured.map((c) => {
        const provider = c.provider === undefined ? undefined : byKey.get(c.provider);
        const resource: OfflineResource = {
            type: c.type,
            name: c.name,
            urn: c.urn,
            props: c.inputs,
            outputs: c.outputs,
            opts: {
                protect: c.protect,
                dependsOn: c.dependsOn.map(urnOfKey).filter((u): u is string => u !== undefined),
            },
        };
        const parent = urnOfKey(c.parent);
        if (parent !== undefined) {
            resource.opts = { ...resource.opts, parent };
        }
        if (provider !== undefined) {
            resource.provider = { type: provider.type, name: provider.name, urn: provider.urn, props: provider.inputs };
        }
        return resource;
    });
}

/**
 * The stacks with a config file that `npm run policy -- <stack>` accepts: the main program's dev and prod, and
 * `bootstrap`, the bootstrap program's `account` stack (bootstrap/Pulumi.account.yaml).
 */
export const STACKS = ["dev", "prod", "bootstrap"] as const;

/** The bootstrap program's committed stack. */
export const BOOTSTRAP_STACK = "account";

/** Evaluates the stack's program under mocks with its stack file and returns its offline resources. */
export async function stackResources(stack: string): Promise<OfflineResource[]> {
    // Required lazily: loading the program runner pulls in the whole Pulumi program, which `--resources` runs
    // and the CrossGuard pack itself never need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evaluateStack, BOOTSTRAP_PROGRAM } = require("../../local/program/evaluate") as typeof import("../../local/program/evaluate");
    const evaluated = stack === "bootstrap" ? await evaluateStack(BOOTSTRAP_STACK, {}, BOOTSTRAP_PROGRAM) : await evaluateStack(stack);
    return toOfflineResources(evaluated.resources);
}

/**
 * The policy config file of a committed stack, `policies/config/<stack>.json`: what the account holds that the
 * stack cannot show (its concurrency quota, a Shield subscription made by the bootstrap program). The workflows
 * pass the same file to `pulumi preview` and `pulumi up` (`policyPackConfigs`). Undefined when there is none.
 */
export function stackPolicyConfigFile(stack: string): string | undefined {
    const file = path.join(__dirname, "..", "config", `${stack}.json`);
    return fs.existsSync(file) ? file : undefined;
}

/** The parsed policy config of a committed stack, or `{}` when it has none. */
export function stackPolicyConfig(stack: string): PolicyPackConfig {
    const file = stackPolicyConfigFile(stack);
    return file === undefined ? {} : JSON.parse(fs.readFileSync(file, "utf8")) as PolicyPackConfig;
}
