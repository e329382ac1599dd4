/** Order statistics over plain number arrays (latencies, per-run figures). Empty input gives NaN, never a throw. */

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The `p`-th percentile (0-100) by the nearest-rank method, on an already sorted array. */
export function percentileOfSorted(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length - 1, Math.max(0, rank - 1))];
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sorted(values), p);
}

/** The median; with an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function min(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.min(...values);
}

export function max(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.max(...values);
}

/** p50/p99/max of a latency sample, in the sample's unit. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const s = sorted(values);
  return { count: s.length, p50: percentileOfSorted(s, 50), p99: percentileOfSorted(s, 99), max: s.length === 0 ? NaN : s[s.length - 1] };
}

/** Median over runs of one key of each run's record (e.g. the CPU share of one process). */
export function medianByKey(records: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const keys = new Set(records.flatMap((r) => Object.keys(r)));
  return Object.fromEntries([...keys].map((key) => [key, median(records.map((r) => r[key]).filter((v) => v !== undefined))]));
}
