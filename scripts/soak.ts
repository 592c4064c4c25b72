import { parseArgs } from "util";
import { startProofLocal } from "../proof/localApi";
import { localSoakAccess, soak, type SoakResult } from "../proof/soak";

/**
 * `npm run soak -- --seconds 60 --concurrency 50 [--fault-ms 5000] [--faults dynamodb,rdsData]`: the soak of issue 7 against a fresh local API
 * (soak-only override: stage, endpoint and enterprise throttles lifted so clients load the functions, not the throttle).
 * Prints the findings as JSON and exits 1 when a property fails: any unexpected 5xx, a 503 without the standard
 * error shape, a lost, duplicated, unreadable or partial order, no recovery after the outages.
 */
async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            seconds: { type: "string", default: "60" },
            concurrency: { type: "string", default: "50" },
            "fault-ms": { type: "string", default: "5000" },
            faults: { type: "string", default: "dynamodb,rdsData" },
        },
    });
    const local = await startProofLocal({ gateway: liftThrottles });
    try {
        const access = await localSoakAccess(local.app.endpoints);
        const result = await soak(local.app, access, { seconds: Number(values.seconds), concurrency: Number(values.concurrency), faultMs: Number(values["fault-ms"]), faults: (values.faults as string).split(",").filter((f): f is "dynamodb" | "rdsData" => f === "dynamodb" || f === "rdsData") });
        const { samples, ...memory } = result.memory;
        console.log(JSON.stringify({ ...result, memory: { ...memory, samples: samples.length } }, null, 2));
        const problems = soakProblems(result);
        console.log(problems.length === 0 ? "soak passed" : `soak FAILED:\n- ${problems.join("\n- ")}`);
        return problems.length === 0 ? 0 : 1;
    } finally {
        await local.stop();
    }
}

/** Stage, per-endpoint and enterprise throttles at the largest values the config accepts. */
export const liftThrottles = <T extends { throttle: unknown; tiers: Record<string, Record<string, unknown>> }>(raw: T): T => {
    const high = { rateLimit: 5000, burstLimit: 5000 };
    return { ...raw, throttle: high, endpointThrottles: [], tiers: { ...raw.tiers, enterprise: { ...raw.tiers.enterprise, throttle: high } } };
};

/** Every property of the soak that does not hold, as a sentence. */
export function soakProblems(r: SoakResult): string[] {
    const problems: string[] = [];
    if (r.unexpectedFailures.length > 0) problems.push(`unexpected failures: ${r.unexpectedFailures.join(" | ")}`);
    if (r.faultAnswers.standardShape !== r.faultAnswers.serviceUnavailable) problems.push(`${r.faultAnswers.serviceUnavailable - r.faultAnswers.standardShape} 503s without the standard error shape`);
    const o = r.orders;
    if (o.conflictingIds + o.notExactlyOnce + o.unreadable > 0) problems.push(`orders: ${JSON.stringify(o)}`);
    const p = r.partial;
    if (p.ordersWithoutLines + p.linesWithoutOrders + p.ordersWithoutReceipts > 0) problems.push(`partial orders: ${JSON.stringify(p)}`);
    if (!r.recovered) problems.push("no recovery after the outages: orders could not be verified");
    return problems;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err) => {
            console.error(err);
            process.exit(2);
        },
    );
}
