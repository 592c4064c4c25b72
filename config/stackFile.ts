import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { PROJECT_ROOT } from "./project";
import { readConfig } from "./parse";
import type { StackConfig } from "./schema";


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
