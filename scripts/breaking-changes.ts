import * as fs from "fs";
import { API_VERSION } from "../contract";
import { ACCEPTED_BREAKS } from "../contract/acceptedBreaks";
import { reviewBreakingChanges, type ApiDocument } from "../portal/breakingChanges";
import { publicDocument, toJson } from "../portal/openapi";
import { latestRelease, releaseFile } from "../portal/releases";

/**
 * `npm run breaking-changes [-- --release]`: lists the breaking changes since the last released contract, marking
 * those `contract/acceptedBreaks.ts` accepts, and exits 1 on a change that needs a new major version or an accepted
 * entry that matches no change. `--release` then records the current contract as the snapshot of `API_VERSION`.
 */
function main(): void {
    const current = publicDocument() as unknown as ApiDocument;
    const last = latestRelease();
    if (last === undefined) console.log("No release yet.");
    else {
        const review = reviewBreakingChanges(last, current, API_VERSION, ACCEPTED_BREAKS);
        console.log(`Comparing ${API_VERSION} with the last release, ${last.version}:`);
        for (const c of review.changes) console.log(`  - ${review.accepted.includes(c) ? "(accepted) " : ""}${c}`);
        if (review.changes.length === 0) console.log("  no breaking changes");
        if (review.problems.length > 0) {
            for (const p of review.problems) console.error(p);
            process.exit(1);
        }
    }
    if (process.argv.includes("--release")) {
        // Rewriting a released snapshot would hide every change made since from this check.
        if (last?.version === API_VERSION) {
            console.error(`${API_VERSION} is already released (${last.file}); bump API_VERSION first.`);
            process.exit(1);
        }
        fs.writeFileSync(releaseFile(API_VERSION), toJson(publicDocument()));
        console.log(`Recorded ${releaseFile(API_VERSION)}`);
    }
}

main();
