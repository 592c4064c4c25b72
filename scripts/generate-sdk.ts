import * as fs from "fs";
import * as path from "path";
import { publicDocument } from "../portal/openapi";
import { generateSdk } from "../sdk/generate";

/** Where the generated client lives; committed, and checked for staleness by `tests/sdk/generate.test.ts`. */
export const GENERATED_FILE = path.resolve(__dirname, "..", "sdk", "src", "generated.ts");

/** `npx ts-node --transpile-only scripts/generate-sdk.ts [--check]`: writes the SDK, or with --check fails if stale. */
function main(): void {
    const code = generateSdk(publicDocument());
    if (process.argv.includes("--check")) {
        const current = fs.existsSync(GENERATED_FILE) ? fs.readFileSync(GENERATED_FILE, "utf8") : "";
        if (current !== code) {
            console.error(`${path.relative(process.cwd(), GENERATED_FILE)} is stale: run npx ts-node --transpile-only scripts/generate-sdk.ts`);
            process.exit(1);
        }
        return;
    }
    fs.writeFileSync(GENERATED_FILE, code);
    console.log(`Wrote ${GENERATED_FILE}`);
}

if (require.main === module) main();
