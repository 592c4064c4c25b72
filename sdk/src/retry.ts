/** How the client retries 429 (throttled) and 503 (unavailable) answers. */
export interface RetryOptions {
    /** Attempts in total, the first included; 1 disables retries. Default 4. */
    maxAttempts: number;
    /** Backoff ceiling of the first retry in milliseconds, doubled for each further one. Default 200. */
    baseDelayMs: number;
    /** Longest wait before one retry, backoff or `Retry-After`; a longer `Retry-After` is not waited for. Default 20000. */
    maxDelayMs: number;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 20_000 };

/**
 * Milliseconds a `Retry-After` header asks for (delta-seconds or an HTTP date), or undefined when absent or
 * unreadable. `now` is injectable so tests need not depend on the clock.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
    if (value === null || value.trim() === "") return undefined;
    if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter: a uniformly random wait up to `base * 2^(retry-1)`, capped. Full jitter
 * spreads clients that were throttled together, so they do not all come back in the same instant.
 */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number): number {
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
    return Math.floor(random() * ceiling);
}
