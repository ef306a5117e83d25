// The percentile perf-tests and the SIG Scalability SLOs report: nearest rank, the value at
// index ceil(n·p) − 1 of the sorted sample (no interpolation), so a reported p99 is a latency
// some pod actually had.

/** Nearest-rank percentile of `sorted` (ascending), p in (0, 1]; NaN for an empty sample. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1));
  return sorted[i]!;
}
