import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { parseConfig, RawConfig } from "./parse";
import type { StackConfig } from "./schema";

/** The Pulumi project directory, where the `Pulumi.<stack>.yaml` files live. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** The `portcullis:` sections a stack file may hold, in the order they are documented. */
export const SECTIONS = ["protect", "edge", "gateway", "auth", "data", "lambda", "observability"] as const;

/**
 * Assembles the raw config from any source of `namespace:key` values: Pulumi's config at deploy time, a stack
 * file offline. One mapping, so the program and every offline tool read the same keys.
 */
export function rawConfig(stack: string, get: (key: string) => unknown): RawConfig {
    const raw: RawConfig = { stack, region: get("aws:region") };
    for (const section of SECTIONS) raw[section] = get(`portcullis:${section}`);
    return raw;
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
 * and the benchmarks use so they run with exactly the settings `pulumi up` would deploy.
 */
export function loadStackConfig(stack: string, root = PROJECT_ROOT): StackConfig {
    const values = readStackFile(stack, root);
    return parseConfig(rawConfig(stack, (key) => values[key]));
}
