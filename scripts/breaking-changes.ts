import * as fs from "fs";
import { API_VERSION } from "../contract";
import { findBreakingChanges, majorOf, type ApiDocument } from "../portal/breakingChanges";
import { publicDocument, toJson } from "../portal/openapi";
import { latestRelease, releaseFile } from "../portal/releases";

/**
 * `npx ts-node --transpile-only scripts/breaking-changes.ts [--release]`: lists the breaking changes since the last
 * released contract and exits 1 when there are some without a new major version. `--release` then records the
 * current contract as the snapshot of `API_VERSION`.
 */
function main(): void {
    const current = publicDocument() as unknown as ApiDocument;
    const last = latestRelease();
    const changes = last ? findBreakingChanges(last.document, current) : [];
    console.log(last ? `Comparing ${API_VERSION} with the last release, ${last.version}:` : "No release yet.");
    for (const c of changes) console.log(`  - ${c}`);
    if (changes.length > 0 && last && majorOf(API_VERSION) <= majorOf(last.version)) {
        console.error(`${changes.length} breaking change(s) need a new major version (API_VERSION is ${API_VERSION}).`);
        process.exit(1);
    }
    if (changes.length === 0) console.log("  no breaking changes");
    if (process.argv.includes("--release")) {
        fs.writeFileSync(releaseFile(API_VERSION), toJson(publicDocument()));
        console.log(`Recorded ${releaseFile(API_VERSION)}`);
    }
}

main();
