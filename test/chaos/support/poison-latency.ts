import { Client } from 'pg';

/** How fast good orders went from accepted (row created) to PAID or CANCELLED (row updated), by the database's clock. */
export interface SettlementStats {
  readonly orders: number;
  readonly settled: number;
  /** Settled orders per second, from the first order's creation to the last one's settlement. */
  readonly throughputPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Reads `created_at` and `updated_at` of `orderIds` from order_service.orders. */
export async function settlementStats(databaseUrl: string, orderIds: readonly string[]): Promise<SettlementStats> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ created: string; updated: string }>(
      `SELECT extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM updated_at) * 1000 AS updated
         FROM order_service.orders WHERE id = ANY($1::uuid[]) AND status IN ('PAID', 'CANCELLED')`,
      [orderIds],
    );
    const latencies = rows.map((row) => Number(row.updated) - Number(row.created)).sort((a, b) => a - b);
    const first = Math.min(...rows.map((row) => Number(row.created)));
    const last = Math.max(...rows.map((row) => Number(row.updated)));
    return {
      orders: orderIds.length,
      settled: rows.length,
      throughputPerSecond: rows.length === 0 ? 0 : rows.length / Math.max(0.001, (last - first) / 1000),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? 0,
    };
  } finally {
    await db.end();
  }
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
}

export function describeStats(stats: SettlementStats): string {
  return `${stats.settled}/${stats.orders} settled, ${stats.throughputPerSecond.toFixed(1)}/s, p50 ${stats.p50Ms} ms, p99 ${stats.p99Ms} ms, max ${stats.maxMs} ms`;
}
