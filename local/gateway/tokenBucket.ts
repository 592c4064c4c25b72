import type { Throttle } from "../../config/schema";

/**
 * API Gateway's throttling algorithm: a bucket of `burstLimit` tokens, full at the start, refilled continuously at
 * `rateLimit` tokens per second; each request takes one token or is throttled. Time is passed in, never read, so
 * the bucket is exact under an injected clock.
 */
export class TokenBucket {
    private tokens: number;
    private last: number;

    constructor(
        private readonly limits: Throttle,
        startMs: number,
    ) {
        this.tokens = limits.burstLimit;
        this.last = startMs;
    }

    /** Takes a token at `nowMs` if one is there; false means 429 Too Many Requests. */
    take(nowMs: number): boolean {
        const elapsed = Math.max(0, nowMs - this.last);
        this.last = Math.max(this.last, nowMs);
        this.tokens = Math.min(this.limits.burstLimit, this.tokens + (elapsed / 1000) * this.limits.rateLimit);
        // Float sums of rate * elapsed land a hair under a whole token (0.1 * 3 * 10 = 2.9999...), which would
        // throttle a request that arrives exactly on time.
        if (this.tokens + 1e-9 < 1) return false;
        this.tokens -= 1;
        return true;
    }
}

/** Token buckets by key, created full on first use. */
export class BucketSet {
    private readonly buckets = new Map<string, TokenBucket>();

    /** Takes a token from the bucket named `key` with `limits`; false when it is empty. */
    take(key: string, limits: Throttle, nowMs: number): boolean {
        let bucket = this.buckets.get(key);
        if (bucket === undefined) {
            bucket = new TokenBucket(limits, nowMs);
            this.buckets.set(key, bucket);
        }
        return bucket.take(nowMs);
    }
}
