/** Percentiles of measured latencies (nearest-rank), rounded to 0.1 ms. */
export interface Summary {
  p50: number | null;
  p95: number | null;
  max: number | null;
  n: number;
  missed: number;
}

function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const round = (x: number): number => Math.round(x * 10) / 10;

export function summarize(values: readonly number[], missed: number): Summary {
  if (values.length === 0) return { p50: null, p95: null, max: null, n: 0, missed };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(nearestRank(sorted, 50)),
    p95: round(nearestRank(sorted, 95)),
    max: round(sorted[sorted.length - 1]!),
    n: sorted.length,
    missed,
  };
}
