import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { parseConfig, type StackConfig } from "../config";

/** The repository root, where the `Pulumi.<stack>.yaml` files live. */
export const REPO_ROOT = path.resolve(__dirname, "..");

/**
 * Reads `Pulumi.<stack>.yaml` and validates it with the program's own `parseConfig`, so the portal documents
 * exactly the limits `pulumi up` would deploy for that stack (no Pulumi engine needed).
 */
export function loadStackConfig(stack: string, root = REPO_ROOT): StackConfig {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | undefined;
    const c = doc?.config ?? {};
    return parseConfig({
        stack,
        region: c["aws:region"],
        protect: c["portcullis:protect"],
        edge: c["portcullis:edge"],
        gateway: c["portcullis:gateway"],
        auth: c["portcullis:auth"],
        data: c["portcullis:data"],
        lambda: c["portcullis:lambda"],
        observability: c["portcullis:observability"],
    });
}
