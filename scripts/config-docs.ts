/**
 * Writes the README's config table and `Pulumi.yaml`'s typed declarations from config/table.ts
 * (`npm run config-docs`). `tests/config/docs.test.ts` fails until the committed files match.
 */
import * as fs from "fs";
import * as path from "path";
import { MARKERS, pulumiYamlBlock, readmeTable, replaceBetween } from "../config/docs";
import { PROJECT_ROOT } from "../config/project";

const targets = [
    { file: "README.md", markers: MARKERS.readme, block: readmeTable() },
    { file: "Pulumi.yaml", markers: MARKERS.pulumiYaml, block: pulumiYamlBlock() },
];
for (const { file, markers, block } of targets) {
    const full = path.join(PROJECT_ROOT, file);
    const before = fs.readFileSync(full, "utf8");
    const after = replaceBetween(before, markers, block, file);
    if (after !== before) fs.writeFileSync(full, after);
    console.log(`${file}: ${after === before ? "current" : "updated"}`);
}
