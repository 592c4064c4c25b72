/**
 * Offline policy check: `npm run policy -- <stack> [--config policy-config.json]` evaluates the stack program
 * under mocks with `Pulumi.<stack>.yaml` and runs every rule over it, with `policies/config/<stack>.json` unless
 * `--config` names another; `npm run policy -- --resources
 * resources.json [--stack dev]` runs them over an array of `OfflineResource` (or `{ "resources": [...] }`).
 * Prints how many rules ran over how many resources, then the violations grouped by severity and exits 1 when one is mandatory (2 on a usage error), so it can
 * gate CI like `pulumi preview --policy-pack policies` does. `npm run policy -- --rules` prints the rule list;
 * `--update-readme` writes it into policies/README.md.
 */
import * as fs from "fs";
import { countRules, evaluatePolicies, isBlocking } from "./engine";
import { ruleCatalog, updateReadme } from "./catalog";
import { formatCoverage, formatViolations } from "./format";
import { STACKS, stackPolicyConfigFile, stackResources } from "./stack";
import { OfflineResource, PolicyPackConfig } from "./types";

/** Parsed command line. */
interface Options {
    /** Print the rule list (the README's) instead of checking anything. */
    rules?: boolean;
    /** Write the rule list into policies/README.md instead of checking anything. */
    updateReadme?: boolean;
    resources?: string;
    config?: string;
    stack?: string;
}

/** Reads `--name value` pairs and one optional positional stack name. */
function parseArgs(argv: string[]): Options {
    const options: Options = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--rules") {
            options.rules = true;
        } else if (arg === "--update-readme") {
            options.updateReadme = true;
        } else if (arg === "--resources" || arg === "--config" || arg === "--stack") {
            const value = argv[++i];
            if (value === undefined) {
                throw new Error(`[${arg}] needs a value`);
            }
            options[arg.slice(2) as "resources" | "config" | "stack"] = value;
        } else if (!arg.startsWith("--") && options.stack === undefined) {
            options.stack = arg;
        } else {
            throw new Error(`[${arg}] is not an option; use --resources, --config, --stack, --rules, --update-readme`);
        }
    }
    return options;
}

/** Reads and parses a JSON file, naming the file in the error. */
function readJson(path: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(path, "utf8"));
    } catch (e) {
        throw new Error(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
}

/** The resources to check: the `--resources` file, else the named stack's program under mocks. */
async function resourcesOf(options: Options): Promise<OfflineResource[]> {
    if (options.resources === undefined) {
        if (!(STACKS as readonly string[]).includes(options.stack ?? "")) {
            throw new Error(`name a stack (${STACKS.join(" | ")}) or pass [--resources] file.json`);
        }
        return stackResources(options.stack as string);
    }
    const data = readJson(options.resources);
    const list = Array.isArray(data) ? data : (data as { resources?: unknown }).resources;
    if (!Array.isArray(list)) {
        throw new Error(`${options.resources} holds neither an array of resources nor { "resources": [...] }`);
    }
    return list as OfflineResource[];
}

/** Runs the check and returns the exit code; output goes to `write`. */
export async function main(argv: string[], write: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): Promise<number> {
    let options: Options;
    let resources: OfflineResource[];
    let config: PolicyPackConfig | undefined;
    try {
        options = parseArgs(argv);
        if (options.rules) {
            write(ruleCatalog());
            return 0;
        }
        if (options.updateReadme) {
            write(updateReadme() ? "policies/README.md: rule list updated." : "policies/README.md: rule list already current.");
            return 0;
        }
        // A named stack runs with its committed policy config unless --config names another, as CI does.
        const configFile = options.config ?? (options.resources === undefined && options.stack !== undefined ? stackPolicyConfigFile(options.stack) : undefined);
        config = configFile === undefined ? undefined : readJson(configFile) as PolicyPackConfig;
        resources = await resourcesOf(options);
    } catch (e) {
        write(`policy: ${e instanceof Error ? e.message : String(e)}`);
        return 2;
    }
    const violations = evaluatePolicies(resources, { config, stack: options.stack });
    write(formatCoverage(countRules({ config }), resources.length));
    write(formatViolations(violations));
    return violations.some(isBlocking) ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => {
        // The mocked program may leave handles open; the answer is known, so end now.
        process.exit(code);
    }, (e: unknown) => {
        process.stderr.write(`policy: ${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(2);
    });
}
