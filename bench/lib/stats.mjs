// Latency summaries shared by the benchmarks. Percentiles are nearest-rank on
// the sorted sample, so every figure is a latency that was actually observed.

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** n, p50, p95, p99 and max of a list of milliseconds (NaN where there is nothing to summarize). */
export function latencySummary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.length ? s[s.length - 1] : NaN,
  };
}

/** A millisecond figure for a table: one decimal, "-" when there is none. */
export const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");
