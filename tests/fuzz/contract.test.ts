import fc from "fast-check";
import { ROUTES } from "../../contract";
import { routeProperty, startHandlerTarget, type HandlerTarget } from "./handlerTarget";

/** Fixed, so a failure in CI reproduces exactly; `npm run fuzz -- --seed S` explores others. */
const SEED = 1212;
/** Runs per route in `npm test`: seconds in all. `npm run fuzz -- --runs N` runs more. */
const RUNS = 40;

describe("fuzzing every route from the contract (fixed seed, bounded): no 5xx, the error shape, no internals, no change on refusal, no other user's data", function () {
    // Start-up loads nine function packages and PGlite; each route then takes a few seconds on a loaded machine.
    this.timeout(120_000);
    let target: HandlerTarget;
    before(async () => {
        target = await startHandlerTarget();
    });
    after(async () => target?.stop());

    for (const route of ROUTES) {
        it(`${route.method} ${route.path} (${route.operationId})`, async () => {
            await fc.assert(routeProperty(target, route), { seed: SEED, numRuns: RUNS, endOnFailure: false });
        });
    }
});
