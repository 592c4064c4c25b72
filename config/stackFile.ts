import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { parseConfig, RawConfig } from "./parse";
import type { StackConfig } from "./schema";
import { SECTIONS } from "./table";

/** The Pulumi project directory, where the `Pulumi.<stack>.yaml` files live. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/**
 * Reads and validates a stack's config from any source of `namespace:key` values: Pulumi's config at deploy time
 * ({@link loadConfig}), a stack file offline ({@link loadStackConfig}). The one way config is read, so the program
 * and every offline tool see the same keys and the same errors.
 */
export function readConfig(stack: string, get: (key: string) => unknown): StackConfig {
    const raw: RawConfig = { stack, region: get("aws:region"), protect: get("portcullis:protect") };
    for (const section of SECTIONS) raw[section] = get(`portcullis:${section}`);
    return parseConfig(raw);
}

/** The `config:` block of `Pulumi.<stack>.yaml`, as `namespace:key` to value. */
export function readStackFile(stack: string, root = PROJECT_ROOT): Record<string, unknown> {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`No stack file ${file}; stacks here: dev, prod`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | undefined;
    return doc?.config ?? {};
}

/**
 * A stack's validated config straight from its stack file, without the Pulumi engine: what local mode, the docs
 * and the benchmarks use so they run with exactly the settings `pulumi up` would deploy. `overrides` replace whole
 * `namespace:key` values of the file (local mode's and the proofs' variations).
 */
export function loadStackConfig(stack: string, options: { root?: string; overrides?: Record<string, unknown> } = {}): StackConfig {
    const values = { ...readStackFile(stack, options.root), ...options.overrides };
    return readConfig(stack, (key) => values[key]);
}
