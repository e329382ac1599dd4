import { AggregatorRegistry, Registry } from 'prom-client';
import type { OutboxRelayStats } from '@app/database';
import { registerOutboxMetrics } from './outbox-metrics';

describe('registerOutboxMetrics', () => {
  it('reports the relay stats at each scrape, counters never going down', async () => {
    const registry = new Registry();
    let stats: OutboxRelayStats = { published: 0, failures: 0, pending: 7 };
    registerOutboxMetrics(registry, () => stats);
    expect(await registry.metrics()).toMatch(/^outbox_pending_messages 7$/m);

    stats = { published: 5, failures: 2, pending: 2 };
    let text = await registry.metrics();
    expect(text).toMatch(/^outbox_pending_messages 2$/m);
    expect(text).toMatch(/^outbox_published_total 5$/m);
    expect(text).toMatch(/^outbox_failed_batches_total 2$/m);

    stats = { published: 9, failures: 2, pending: 0 };
    text = await registry.metrics();
    expect(text).toMatch(/^outbox_published_total 9$/m);
    expect(text).toMatch(/^outbox_failed_batches_total 2$/m);
  });

  it('merges the workers of a pool without counting the shared outbox twice, and sums what each published', async () => {
    const workers = [
      { published: 4, failures: 0, pending: 6 },
      { published: 3, failures: 1, pending: 5 },
    ].map((stats) => {
      const registry = new Registry();
      registerOutboxMetrics(registry, () => stats);
      return registry.getMetricsAsJSON();
    });
    const text = await AggregatorRegistry.aggregate(await Promise.all(workers)).metrics();
    expect(text).toMatch(/^outbox_pending_messages 6$/m);
    expect(text).toMatch(/^outbox_published_total 7$/m);
  });
});
