/**
 * Offline policy check: `npm run policy -- --resources resources.json [--config policy-config.json] [--stack dev]`.
 * Prints the violations grouped by severity and exits 1 when one is mandatory (2 on a usage error), so it can
 * gate CI like `pulumi preview --policy-pack policies` does. The resources file holds an array of
 * `OfflineResource` (or `{ "resources": [...] }`), e.g. the resources a mocked stack program registered.
 */
import * as fs from "fs";
import { evaluatePolicies, isBlocking } from "./engine";
import { formatViolations } from "./format";
import { OfflineResource, PolicyPackConfig } from "./types";

/** Parsed command line. */
interface Options {
    resources?: string;
    config?: string;
    stack?: string;
}

/** Reads `--name value` pairs and one optional positional stack name. */
function parseArgs(argv: string[]): Options {
    const options: Options = {};
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--resources" || arg === "--config" || arg === "--stack") {
            const value = argv[++i];
            if (value === undefined) {
                throw new Error(`[${arg}] needs a value`);
            }
            options[arg.slice(2) as keyof Options] = value;
        } else if (!arg.startsWith("--") && options.stack === undefined) {
            options.stack = arg;
        } else {
            throw new Error(`[${arg}] is not an option; use --resources, --config, --stack`);
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

/** Runs the check and returns the exit code; output goes to `write`. */
export function main(argv: string[], write: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): number {
    let options: Options;
    let resources: OfflineResource[];
    let config: PolicyPackConfig | undefined;
    try {
        options = parseArgs(argv);
        if (options.resources === undefined) {
            throw new Error("[--resources] is required (running the stack program under mocks is not wired yet)");
        }
        const data = readJson(options.resources);
        const list = Array.isArray(data) ? data : (data as { resources?: unknown }).resources;
        if (!Array.isArray(list)) {
            throw new Error(`${options.resources} holds neither an array of resources nor { "resources": [...] }`);
        }
        resources = list as OfflineResource[];
        config = options.config === undefined ? undefined : readJson(options.config) as PolicyPackConfig;
    } catch (e) {
        write(`policy: ${e instanceof Error ? e.message : String(e)}`);
        return 2;
    }
    const violations = evaluatePolicies(resources, { config, stack: options.stack });
    write(formatViolations(violations));
    return violations.some(isBlocking) ? 1 : 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
