/**
 * Offline policy check: `npm run policy -- <stack> [--config policy-config.json]` evaluates the stack program
 * under mocks with `Pulumi.<stack>.yaml` and runs every rule over it, with `policies/config/<stack>.json` unless
 * `--config` names another; `npm run policy -- --resources
 * resources.json [--stack dev]` runs them over an array of `OfflineResource` (or `{ "resources": [...] }`);
 * `npm run policy -- --program <dir> [--stack S] [--config file]` evaluates another team's program folder under
 * the same mocks and runs the pack over it (no policy config unless `--config` names one: the baseline alone).
 * Prints how many rules ran over how many resources, then the violations grouped by severity and exits 1 when one is mandatory (2 on a usage error), so it can
 * gate CI like `pulumi preview --policy-pack policies` does. `npm run policy -- --rules` prints the rule list;
 * `--update-readme` writes it into policies/README.md.
 */
import * as fs from "fs";
import { countRules, evaluatePolicies, isBlocking } from "./engine";
import { ruleCatalog, updateReadme } from "./catalog";
import { formatCoverage, formatViolations } from "./format";
import { STACKS, programResources, stackPolicyConfigFile, stackResources } from "./stack";
import { OfflineResource, PolicyPackConfig } from "./types";

/** Parsed command line. */
interface Options {
    /** Print the rule list (the README's) instead of checking anything. */
    rules?: boolean;
    /** Write the rule list into policies/README.md instead of checking anything. */
    updateReadme?: boolean;
    resources?: string;
    /** A Pulumi program folder to evaluate under mocks instead of one of ours. */
    program?: string;
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
        } else if (arg === "--resources" || arg === "--program" || arg === "--config" || arg === "--stack") {
            const value = argv[++i];
            if (value === undefined) {
                throw new Error(`[${arg}] needs a value`);
            }
            options[arg.slice(2) as "resources" | "program" | "config" | "stack"] = value;
        } else if (!arg.startsWith("--") && options.stack === undefined) {
            options.stack = arg;
        } else {
            throw new Error(`[${arg}] is not an option; use --resources, --program, --config, --stack, --rules, --update-readme`);
        }
    }
    if (options.resources !== undefined && options.program !== undefined) {
        throw new Error("[--resources] and [--program] each name what to check; pass one");
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

/**
 * The resources to check and their stack: the `--resources` file, the `--program` folder (its stack is the one
 * whose stack file it ran with), else the named stack of ours, under mocks.
 */
async function resourcesOf(options: Options): Promise<{ resources: OfflineResource[]; stack?: string }> {
    if (options.program !== undefined) {
        return programResources(options.program, options.stack);
    }
    if (options.resources === undefined) {
        if (!(STACKS as readonly string[]).includes(options.stack ?? "")) {
            throw new Error(`name a stack (${STACKS.join(" | ")}), or pass [--program] dir or [--resources] file.json`);
        }
        return { resources: await stackResources(options.stack as string), stack: options.stack };
    }
    const data = readJson(options.resources);
    const list = Array.isArray(data) ? data : (data as { resources?: unknown }).resources;
    if (!Array.isArray(list)) {
        throw new Error(`${options.resources} holds neither an array of resources nor { "resources": [...] }`);
    }
    return { resources: list as OfflineResource[], stack: options.stack };
}

/** Runs the check and returns the exit code; output goes to `write`. */
export async function main(argv: string[], write: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): Promise<number> {
    let options: Options;
    let checked: { resources: OfflineResource[]; stack?: string };
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
        // A stack of ours runs with its committed policy config unless --config names another, as CI does.
        const ours = options.resources === undefined && options.program === undefined && options.stack !== undefined;
        const configFile = options.config ?? (ours ? stackPolicyConfigFile(options.stack as string) : undefined);
        config = configFile === undefined ? undefined : readJson(configFile) as PolicyPackConfig;
        checked = await resourcesOf(options);
    } catch (e) {
        write(`policy: ${e instanceof Error ? e.message : String(e)}`);
        return 2;
    }
    const violations = evaluatePolicies(checked.resources, { config, stack: checked.stack });
    write(formatCoverage(countRules({ config }), checked.resources.length));
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
