import { Counter, Gauge, Registry } from 'prom-client';
import type { OutboxRelayStats } from '@app/database';

/**
 * Exports an outbox relay's stats: `outbox_pending_messages`, `outbox_published_total` and
 * `outbox_failed_batches_total`, read from `stats()` at every scrape.
 */
export function registerOutboxMetrics(registry: Registry, stats: () => OutboxRelayStats): void {
  const registers = [registry];
  new Gauge({
    name: 'outbox_pending_messages',
    help: 'Committed outbox messages not yet acknowledged by Kafka',
    registers,
    // Every worker of a pool (WORKERS > 1) counts the same table: merged, the count is theirs, not their sum.
    aggregator: 'max',
    collect() {
      this.set(stats().pending);
    },
  });
  counterFrom(registry, 'outbox_published_total', 'Outbox messages acknowledged by Kafka', () => stats().published);
  counterFrom(registry, 'outbox_failed_batches_total', 'Outbox batches that failed and were retried', () => stats().failures);
}

/** A counter that follows a monotonic total kept elsewhere. */
function counterFrom(registry: Registry, name: string, help: string, total: () => number): void {
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = total();
      if (now > seen) this.inc(now - seen);
      seen = Math.max(seen, now);
    },
  });
}
