/**
 * The resources of a real Portcullis stack as the offline engine takes them: the stack program evaluated under
 * mocks (`harness/evaluate.ts`) with that stack's config, each captured resource turned into an
 * {@link OfflineResource} carrying what CrossGuard would hand the rules.
 */
import type { CapturedResource } from "../../harness/evaluate";
import * as fs from "fs";
import * as path from "path";
import { OfflineResource, PolicyPackConfig } from "./types";

/**
 * The default provider the engine gives a custom resource created without an explicit one: the package's
 * `pulumi:providers:<package>` named `default` (the engine adds the plugin version), whose inputs are the stack's
 * `<package>:*` config, so `aws:region` reaches the rules as the provider's `region`.
 */
function defaultProvider(resource: CapturedResource, config: Readonly<Record<string, string>>): OfflineResource["provider"] {
    const pkg = resource.type.split(":")[0];
    const [, stack, project] = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(resource.urn) ?? [];
    const type = `pulumi:providers:${pkg}`;
    const props = Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith(`${pkg}:`)).map(([k, v]) => [k.slice(pkg.length + 1), v]));
    return { type, name: "default", urn: `urn:pulumi:${stack}::${project}::${type}::default`, props };
}

/**
 * Converts captured resources to offline resources: resource rules get the inputs (what `Analyze` receives),
 * stack rules the mocked state with `arn` and `id` (what `AnalyzeStack` receives); parent, dependencies and the
 * provider become URNs, the provider with its own inputs (e.g. `region`), as the engine sends it. A custom
 * resource without an explicit provider gets the default one, built from the program's `config`.
 */
export function toOfflineResources(captured: readonly CapturedResource[], config: Readonly<Record<string, string>>): OfflineResource[] {
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
        } else if (c.custom && !c.type.startsWith("pulumi:providers:")) {
            resource.provider = defaultProvider(c, config);
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
    const { evaluateStack, BOOTSTRAP_PROGRAM } = require("../../harness/evaluate") as typeof import("../../harness/evaluate");
    const evaluated = stack === "bootstrap" ? await evaluateStack(BOOTSTRAP_STACK, {}, BOOTSTRAP_PROGRAM) : await evaluateStack(stack);
    return toOfflineResources(evaluated.resources, evaluated.config);
}

/** A program of another team, evaluated under mocks: its stack, project and resources. */
export interface EvaluatedProgram {
    stack: string;
    project: string;
    resources: OfflineResource[];
}

/** The stacks of a program folder: the `<stack>` of every `Pulumi.<stack>.yaml` in it. */
function stacksIn(dir: string): string[] {
    return fs.readdirSync(dir).map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();
}

/**
 * Evaluates any Pulumi TypeScript program folder (Pulumi.yaml, index.ts, `Pulumi.<stack>.yaml`) under the same
 * mocks as our stacks, with that stack file's config, and returns its offline resources. `stack` may be left
 * out when the folder has one stack file. The program's imports resolve as Node resolves them from its folder:
 * its own install, or, inside this repository (the corpus), this project's packages.
 */
export async function programResources(dir: string, stack?: string): Promise<EvaluatedProgram> {
    const root = path.resolve(dir);
    for (const file of ["Pulumi.yaml", "index.ts"]) {
        if (!fs.existsSync(path.join(root, file))) {
            throw new Error(`[--program] ${root} has no ${file}; point it at a Pulumi TypeScript program folder`);
        }
    }
    const stacks = stacksIn(root);
    const chosen = stack ?? (stacks.length === 1 ? stacks[0] : undefined);
    if (chosen === undefined || !stacks.includes(chosen)) {
        throw new Error(`[--stack] ${stack === undefined ? "is needed" : `${stack} has no Pulumi.${stack}.yaml`}: ${root} has stack files for ${stacks.join(", ") || "no stack"}`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require("js-yaml") as typeof import("js-yaml");
    const project = (yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name?: unknown } | undefined)?.name;
    if (typeof project !== "string" || project === "") {
        throw new Error(`[--program] ${path.join(root, "Pulumi.yaml")} has no \`name\``);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evaluateStack } = require("../../harness/evaluate") as typeof import("../../harness/evaluate");
    const evaluated = await evaluateStack(chosen, {}, { root, project }).catch((e: NodeJS.ErrnoException) => {
        // Outside this repository a program finds @pulumi/* only in its own install.
        throw e.code === "MODULE_NOT_FOUND" ? new Error(`[--program] ${root}: ${e.message.split("\n")[0]}; run \`npm install\` there, `
            + `or lend it this project's packages with NODE_PATH=${path.resolve(__dirname, "../../node_modules")}`) : e;
    });
    return { stack: chosen, project, resources: toOfflineResources(evaluated.resources, evaluated.config) };
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
