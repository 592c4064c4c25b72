import { runBench } from "../proof/bench/run";

/** `npm run bench [-- --startup | --only <sections> [--runs N] | --report-only]`: see proof/bench/run.ts. */
runBench().catch((err) => {
    console.error(err);
    process.exit(1);
});
