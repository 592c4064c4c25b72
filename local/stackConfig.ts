import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { parseConfig } from "../config/parse";
import type { StackConfig } from "../config/schema";

/** The project root, where the Pulumi stack files live. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/**
 * Reads `Pulumi.<stack>.yaml` through the program's own validator, so local mode runs with exactly the settings
 * `pulumi up` would deploy for that stack (tiers, throttles, CORS origins, authorizer TTL, timeouts).
 */
export function loadStackConfig(stack = "dev"): StackConfig {
    const doc = yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
    const c = doc.config ?? {};
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
