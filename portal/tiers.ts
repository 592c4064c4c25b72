import { TIERS, type MethodThrottle, type StackConfig, type Tier } from "../config/schema";
import { code, table } from "./markdown";

/** One usage-plan tier as the portal shows it. */
export interface TierRow {
    tier: Tier;
    /** Steady requests per second per API key. */
    rate: number;
    /** Requests a key may spend at once above the steady rate. */
    burst: number;
    quotaLimit: number;
    quotaPeriod: string;
    /** Tighter limits for single methods within the tier, as `GET /v1/reports/sales`. */
    methodThrottles: { operation: string; rate: number; burst: number }[];
}

const operation = (t: MethodThrottle): string => `${t.method} ${t.path}`;

/** The tier rows of a stack, read from its parsed config in the order basic, premium, enterprise. */
export function tierRows(config: StackConfig): TierRow[] {
    return TIERS.map((tier) => {
        const t = config.gateway.tiers[tier];
        return {
            tier,
            rate: t.throttle.rateLimit,
            burst: t.throttle.burstLimit,
            quotaLimit: t.quota.limit,
            quotaPeriod: t.quota.period,
            methodThrottles: t.methodThrottles.map((m) => ({ operation: operation(m), rate: m.rateLimit, burst: m.burstLimit })),
        };
    });
}

/** The tiers page in Markdown: the per-key limits, then the stage-wide limits that cap every key together. */
export function tiersMarkdown(stack: string, config: StackConfig): string {
    const rows = tierRows(config);
    const { throttle, endpointThrottles } = config.gateway;
    const perMethod = rows.flatMap((r) => r.methodThrottles.map((m) => [r.tier, code(m.operation), m.rate, m.burst]));
    return [
        "# Usage plans and limits",
        "",
        `Every API key belongs to one usage plan (tier). These are the limits of the **${stack}** stack, generated from its configuration.`,
        "API Gateway refills each key's token bucket at the rate and lets it hold at most the burst; an empty bucket answers",
        "429 `{\"message\":\"Too Many Requests\"}`, a spent quota 429 `{\"message\":\"Limit Exceeded\"}` until the period ends.",
        "",
        "## Tiers",
        "",
        table(
            ["Tier", "Rate (requests/s)", "Burst", "Quota", "Quota period"],
            rows.map((r) => [r.tier, r.rate, r.burst, r.quotaLimit, r.quotaPeriod]),
        ),
        "",
        "## Per-method limits within a tier",
        "",
        perMethod.length > 0 ? table(["Tier", "Operation", "Rate (requests/s)", "Burst"], perMethod) : "No tier limits single methods.",
        "",
        "## Stage-wide limits",
        "",
        "These cap all keys together, whatever their tier.",
        "",
        table(
            ["Scope", "Rate (requests/s)", "Burst"],
            [["Every method", throttle.rateLimit, throttle.burstLimit], ...endpointThrottles.map((t) => [code(operation(t)), t.rateLimit, t.burstLimit])],
        ),
        "",
    ].join("\n");
}
