import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { importJWK, type JWK } from "jose";
import { runBattery, type Outcome, type Target } from "../proof/attack/battery";
import { localCredentials } from "../proof/attack/identity";
import { fuzzStage } from "../proof/attack/fuzz/stage";
import type { LocalEndpoints } from "../local/howTo";

/**
 * `npm run attack -- --url BASE [--api-key K --token T --admin-token T2 --other-token T3 --service-token T4
 * --id-token T5] [--endpoints FILE] [--signing-key JWK_FILE] [--quota --quota-key K --quota-max N]
 * [--fuzz-runs N --fuzz-seed S --fuzz-writes]`
 *
 * Runs the attack battery of issue 7 against the local API or a deployed stage and prints attack | expected |
 * actual | ok. Exits 1 if any attack got through or any answer was a 5xx. With only `--url`, credentials come from
 * `.local/endpoints.json` (`npm start` writes it): API key, users signed in through the local IdP, the service
 * client's token; quota exhaustion then runs on the basic key (it takes as long as the tier's rate needs).
 * Then the contract fuzzer (issue 12) sends `--fuzz-runs` generated requests per route (default 25, 0 skips it)
 * to the read routes, and to the writing ones too with `--fuzz-writes` (it creates products and orders).
 */
async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            url: { type: "string" },
            "api-key": { type: "string" },
            token: { type: "string" },
            "admin-token": { type: "string" },
            "other-token": { type: "string" },
            "service-token": { type: "string" },
            "id-token": { type: "string" },
            endpoints: { type: "string", default: path.join(__dirname, "..", ".local", "endpoints.json") },
            "signing-key": { type: "string" },
            quota: { type: "boolean", default: false },
            "quota-key": { type: "string" },
            "quota-max": { type: "string", default: "2000" },
            "quota-seconds": { type: "string", default: "600" },
            "fuzz-runs": { type: "string", default: "25" },
            "fuzz-seed": { type: "string", default: "1212" },
            "fuzz-writes": { type: "boolean", default: false },
        },
    });
    if (values.url === undefined) throw new Error("--url is required, e.g. --url http://127.0.0.1:3000");
    const local = values.token === undefined && fs.existsSync(values.endpoints as string) ? (JSON.parse(fs.readFileSync(values.endpoints as string, "utf8")) as LocalEndpoints) : undefined;
    const target: Target = local === undefined ? fromFlags(values.url, values) : await fromLocal(values.url, local, values["quota-key"]);
    if (values["signing-key"] !== undefined) {
        const jwk = JSON.parse(fs.readFileSync(values["signing-key"], "utf8")) as JWK;
        target.signer = { key: await importJWK(jwk, "RS256"), kid: jwk.kid as string };
    }
    const quotaKey = values["quota-key"] ?? target.quota?.apiKey;
    if (quotaKey !== undefined && (local !== undefined || values.quota)) {
        target.quota = { apiKey: quotaKey, maxRequests: Number(values["quota-max"]), maxSeconds: Number(values["quota-seconds"]) };
    } else target.quota = undefined;
    const outcomes = await runBattery(target);
    const fuzzRuns = Number(values["fuzz-runs"]);
    if (!Number.isInteger(fuzzRuns) || fuzzRuns < 0) throw new Error(`--fuzz-runs must be a whole number, got ${values["fuzz-runs"]}`);
    if (fuzzRuns > 0) {
        const fuzzed = await fuzzStage(target.url, target.creds, { runs: fuzzRuns, seed: Number(values["fuzz-seed"]), writes: values["fuzz-writes"] === true });
        for (const r of fuzzed) {
            outcomes.push({ attack: `fuzz ${r.route.method} ${r.route.path} (${r.runs} generated requests)`, expected: "no 5xx, error shape, no internals", actual: r.failure ?? "all held", ok: r.failure === undefined });
        }
    }
    console.log(formatTable(outcomes));
    const failed = outcomes.filter((o) => !o.ok);
    console.log(`\n${outcomes.length} attacks, ${failed.length} failed${failed.length > 0 ? `: ${failed.map((o) => o.attack).join("; ")}` : ""}`);
    return failed.length === 0 ? 0 : 1;
}

function fromFlags(url: string, v: Record<string, string | boolean | undefined>): Target {
    const s = (k: string) => v[k] as string | undefined;
    return {
        url,
        creds: { apiKey: s("api-key"), token: s("token"), adminToken: s("admin-token"), otherToken: s("other-token"), serviceToken: s("service-token"), idToken: s("id-token") },
    };
}

/** Credentials from the local endpoints file; quota exhaustion on its smallest tier's key. */
async function fromLocal(url: string, e: LocalEndpoints, quotaKey?: string): Promise<Target> {
    const local = await localCredentials(e);
    return { url, creds: local.creds, quota: { apiKey: quotaKey ?? local.quotaKey, maxRequests: 2000, maxSeconds: 600 } };
}

/** attack | expected | actual | ok, padded to columns. */
export function formatTable(outcomes: readonly Outcome[]): string {
    const rows = [["attack", "expected", "actual", "ok"], ...outcomes.map((o) => [o.attack, o.expected, o.actual, o.ok ? "ok" : "FAIL"])];
    const widths = [0, 1, 2].map((i) => Math.min(90, Math.max(...rows.map((r) => r[i].length))));
    return rows.map((r) => r.map((c, i) => (i < 3 ? c.slice(0, widths[i]).padEnd(widths[i]) : c)).join(" | ")).join("\n");
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err) => {
            console.error(err instanceof Error ? err.message : err);
            process.exit(2);
        },
    );
}
