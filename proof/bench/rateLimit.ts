import * as http from "http";
import { send, type Sent } from "../attack/http";

/** Requests accepted by one key driven above its rate, against the token bucket's theory. */
export interface RateLimitFigures {
    rateLimit: number;
    burstLimit: number;
    sent: number;
    accepted: number;
    throttled: number;
    other: number;
    /** Seconds between the first and the last request sent. */
    windowSeconds: number;
    /** rate x window + burst: what a perfect token bucket accepts. */
    expected: number;
}

/**
 * Sends `request` at `sendRate` per second for `seconds` (well above the key's rate), without waiting for answers,
 * and counts 2xx (accepted) and 429 (throttled).
 */
export async function measureRateLimit(base: string, request: Sent, limits: { rateLimit: number; burstLimit: number }, sendRate: number, seconds: number): Promise<RateLimitFigures> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const total = Math.round(sendRate * seconds);
    const answers: Promise<number>[] = [];
    const started = Date.now();
    let last = started;
    for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / sendRate;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        last = Date.now();
        answers.push(send(base, request, { agent }).then((a) => a.status));
    }
    const statuses = await Promise.all(answers);
    agent.destroy();
    const windowSeconds = (last - started) / 1000;
    const accepted = statuses.filter((s) => s >= 200 && s < 300).length;
    const throttled = statuses.filter((s) => s === 429).length;
    return {
        ...limits,
        sent: total,
        accepted,
        throttled,
        other: total - accepted - throttled,
        windowSeconds,
        expected: limits.rateLimit * windowSeconds + limits.burstLimit,
    };
}
