import type { QuotaPeriod } from "../../config/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Start of the quota period that contains `nowMs`, in UTC as API Gateway counts: a DAY starts at midnight UTC, a
 * WEEK on Sunday at midnight UTC, a MONTH on the first at midnight UTC; `offset` (API Gateway's quota offset)
 * moves the start by whole days into the period (Monday weeks are offset 1).
 */
export function periodStart(period: QuotaPeriod, nowMs: number, offset = 0): number {
    const now = new Date(nowMs);
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    switch (period) {
        case "DAY":
            return midnight;
        case "WEEK": {
            const daysSince = (now.getUTCDay() - offset + 7) % 7;
            return midnight - daysSince * DAY_MS;
        }
        case "MONTH": {
            const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1 + offset);
            return thisMonth <= nowMs ? thisMonth : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1 + offset);
        }
        default: {
            const exhaustive: never = period;
            throw new Error(`Unknown quota period ${String(exhaustive)}`);
        }
    }
}

/** Requests counted per API key within the current quota period; a new period starts from zero. */
export class QuotaCounter {
    private readonly used = new Map<string, { start: number; count: number }>();

    /** Counts one request for `apiKeyId` if the quota allows it; false means 429 Limit Exceeded. */
    consume(apiKeyId: string, quota: { limit: number; period: QuotaPeriod }, nowMs: number): boolean {
        const start = periodStart(quota.period, nowMs);
        const entry = this.used.get(apiKeyId);
        const count = entry !== undefined && entry.start === start ? entry.count : 0;
        if (count >= quota.limit) return false;
        this.used.set(apiKeyId, { start, count: count + 1 });
        return true;
    }

    /** Requests left for a key in the period containing `nowMs`. */
    remaining(apiKeyId: string, quota: { limit: number; period: QuotaPeriod }, nowMs: number): number {
        const entry = this.used.get(apiKeyId);
        const used = entry !== undefined && entry.start === periodStart(quota.period, nowMs) ? entry.count : 0;
        return quota.limit - used;
    }
}
