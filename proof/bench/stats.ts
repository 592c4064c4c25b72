/** Small statistics for the benchmark; sorted copies, never the caller's array. */

/** The `p`-th percentile (0 to 100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
    if (values.length === 0) throw new Error("percentile of no values");
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The median (50th percentile). */
export const median = (values: readonly number[]): number => percentile(values, 50);

/** Milliseconds since `start` (from `process.hrtime.bigint()`). */
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
