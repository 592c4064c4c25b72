import { parseArgs } from "util";
import fc from "fast-check";
import { ROUTES } from "../contract";
import { routeProperty, startHandlerTarget } from "../tests/fuzz/handlerTarget";

/**
 * `npm run fuzz -- [--runs N] [--seed S] [--route operationId]`
 *
 * Fuzzes every route (or one) from the contract against the packaged handlers and the stand-ins, N generated
 * requests per route (default 1000), and prints per route the runs and the time taken. A failure prints the case
 * fast-check shrank to its minimum and the seed and path that replay it; the exit code is then 1.
 */
async function main(): Promise<number> {
    const { values } = parseArgs({
        options: { runs: { type: "string", default: "1000" }, seed: { type: "string" }, route: { type: "string" } },
    });
    const numRuns = Number(values.runs);
    if (!Number.isInteger(numRuns) || numRuns < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
    const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
    const routes = ROUTES.filter((r) => values.route === undefined || r.operationId === values.route);
    if (routes.length === 0) throw new Error(`--route ${values.route} names no route; the contract has ${ROUTES.map((r) => r.operationId).join(", ")}`);

    const started = Date.now();
    const target = await startHandlerTarget();
    console.log(`start-up ${((Date.now() - started) / 1000).toFixed(1)} s; seed ${seed}; ${numRuns} runs per route`);
    let failed = 0;
    let total = 0;
    try {
        for (const route of routes) {
            const t0 = Date.now();
            const details = await fc.check(routeProperty(target, route), { seed, numRuns, endOnFailure: false });
            const seconds = (Date.now() - t0) / 1000;
            total += details.numRuns;
            console.log(`${details.failed ? "FAIL" : "ok  "} ${route.method.padEnd(6)} ${route.path.padEnd(36)} ${String(details.numRuns).padStart(6)} runs ${seconds.toFixed(1).padStart(7)} s`);
            if (details.failed) {
                failed++;
                console.log(fc.defaultReportMessage(details));
                console.log(`What broke: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`);
                console.log(`Replay: npm run fuzz -- --route ${route.operationId} --seed ${seed} --runs ${numRuns}`);
            }
        }
    } finally {
        await target.stop();
    }
    console.log(`${total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; ${failed} route(s) failed`);
    return failed === 0 ? 0 : 1;
}

main().then(
    (code) => process.exit(code),
    (err: Error) => {
        console.error(err.message);
        process.exit(2);
    },
);
