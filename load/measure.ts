/** Latency figures in milliseconds; undefined percentiles when nothing was measured. */
export interface LatencySummary {
  count: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
}

/**
 * Nearest-rank percentile of ascending samples: the smallest sample with at least p% of samples
 * at or below it. No interpolation, so p99 is a latency someone actually waited.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
  };
}
