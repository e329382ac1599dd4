import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The lib's Prometheus metrics, in a registry of their own (or the one given in the options), never the global
 * default: two apps in one process (tests) do not collide. Expose `registry.metrics()` on the app's /metrics.
 */
export class KafkaMetrics {
  readonly produced: Counter<'topic'>;
  readonly consumed: Counter<'topic' | 'group'>;
  readonly retried: Counter<'topic' | 'group'>;
  readonly deadLettered: Counter<'topic' | 'group'>;
  /** Failed attempts to write to a retry or dead-letter topic (each one is tried again; nothing is lost). */
  readonly divertFailures: Counter<'topic' | 'group'>;
  /** Times a handler found its database unreachable and its message waited in place (not retried, not dead-lettered). */
  readonly databaseWaits: Counter<'topic' | 'group'>;
  readonly handlerDuration: Histogram<'topic' | 'group' | 'outcome'>;
  readonly consumerLag: Gauge<'topic' | 'partition' | 'group'>;
  /** 1 while the group's consumer is a member of its group and fetching, 0 while it is down or restarting. */
  readonly consumerUp: Gauge<'group'>;
  readonly consumerCrashes: Counter<'group'>;
  readonly consumerRestarts: Counter<'group'>;
  /** Batches no client could decode, dead-lettered whole and moved past. */
  readonly skippedBatches: Counter<'topic' | 'group'>;

  constructor(readonly registry: Registry = new Registry()) {
    const registers = [registry];
    this.produced = new Counter({ name: 'kafka_messages_produced_total', help: 'Messages acknowledged by Kafka', labelNames: ['topic'], registers });
    this.consumed = new Counter({ name: 'kafka_messages_consumed_total', help: 'Messages handed to a handler or skipped as duplicates', labelNames: ['topic', 'group'], registers });
    this.retried = new Counter({ name: 'kafka_messages_retried_total', help: 'Failed messages moved to a retry topic', labelNames: ['topic', 'group'], registers });
    this.deadLettered = new Counter({ name: 'kafka_messages_dead_lettered_total', help: 'Messages moved to a dead-letter topic', labelNames: ['topic', 'group'], registers });
    this.divertFailures = new Counter({ name: 'kafka_divert_failures_total', help: 'Failed writes to a retry or dead-letter topic, retried', labelNames: ['topic', 'group'], registers });
    this.databaseWaits = new Counter({
      name: 'kafka_handler_database_waits_total',
      help: 'Messages that waited in place because the handler could not reach its database',
      labelNames: ['topic', 'group'],
      registers,
    });
    this.handlerDuration = new Histogram({
      name: 'kafka_handler_duration_seconds',
      help: 'Time a handler took, by outcome (success, duplicate, failure)',
      labelNames: ['topic', 'group', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.consumerUp = new Gauge({ name: 'kafka_consumer_up', help: '1 while the group consumer is running, 0 while it is down', labelNames: ['group'], registers });
    this.consumerCrashes = new Counter({ name: 'kafka_consumer_crashes_total', help: 'Times the group consumer crashed', labelNames: ['group'], registers });
    this.consumerRestarts = new Counter({ name: 'kafka_consumer_restarts_total', help: 'Times the lib restarted a crashed group consumer', labelNames: ['group'], registers });
    this.skippedBatches = new Counter({
      name: 'kafka_consumer_skipped_batches_total',
      help: 'Undecodable batches dead-lettered and moved past',
      labelNames: ['topic', 'group'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages behind the high watermark after the last processed batch',
      labelNames: ['topic', 'partition', 'group'],
      registers,
    });
  }
}
