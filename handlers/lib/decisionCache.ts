/**
 * A small per-container cache of authorizer decisions, keyed by the exact token (and stage).
 *
 * API Gateway already caches a decision per token for the authorizer's TTL, but each gateway node keeps its own
 * cache, so a busy API still sends a repeated token to the function. Verifying it again costs an RS256 check;
 * this answers from memory instead. An entry lives until the token expires or `maxAgeMs` passes, whichever is
 * first, so nothing outlives what API Gateway itself would allow; the oldest entries go first when it is full.
 */
export class DecisionCache<T> {
    private readonly entries: Map<string, { value: T; expiresAt: number }>;

    constructor(
        private readonly maxEntries: number,
        private readonly maxAgeMs: number,
        private readonly now: () => number = Date.now,
    ) {
        // Assigned here, not as a field initializer: the closure serializer rebuilds a class from its constructor's
        // source, which does not contain field initializers. The Map is made per instance, inside the handler
        // factory, never at module scope (a module-level Map would arrive as a plain object).
        this.entries = new Map();
    }

    /** The cached decision, or undefined when absent or expired (an expired one is dropped). */
    get(key: string): T | undefined {
        const entry = this.entries.get(key);
        if (entry === undefined) return undefined;
        if (entry.expiresAt <= this.now()) {
            this.entries.delete(key);
            return undefined;
        }
        return entry.value;
    }

    /** Keeps `value` until `expiresAtMs` (the token's `exp`) or `maxAgeMs` from now, whichever is first. */
    set(key: string, value: T, expiresAtMs: number): void {
        const expiresAt = Math.min(expiresAtMs, this.now() + this.maxAgeMs);
        if (expiresAt <= this.now()) return;
        this.entries.delete(key);
        if (this.entries.size >= this.maxEntries) {
            const oldest = this.entries.keys().next();
            if (!oldest.done) this.entries.delete(oldest.value);
        }
        this.entries.set(key, { value, expiresAt });
    }

    get size(): number {
        return this.entries.size;
    }
}
