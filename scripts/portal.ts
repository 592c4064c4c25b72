import { parseArgs } from "node:util";
import { API_VERSION } from "../contract";
import { buildPortal } from "../portal/build";

/**
 * `npm run portal -- [--out DIR] [--stack dev|prod] [--api-base-url URL]`: builds the developer portal.
 * Defaults: `portal/dist`, the dev stack, and the stack's domain or the local API.
 */
function main(): void {
    const { values } = parseArgs({
        options: { out: { type: "string" }, stack: { type: "string" }, "api-base-url": { type: "string" } },
        strict: true,
    });
    const build = buildPortal({ outDir: values.out, stack: values.stack, apiBaseUrl: values["api-base-url"] });
    console.log(`Portal for API ${API_VERSION} written to ${build.outDir}:`);
    for (const file of build.files) console.log(`  ${file}`);
}

main();
