import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Database, InjectDatabase, OutboxRelay, OutboxRelayOptions, OutboxRelayStats } from '@app/database';
import { KafkaOutboxPublisher } from '@app/kafka';
import { registerOutboxMetrics } from '../metrics/outbox-metrics';
import { ServiceMetrics } from '../metrics/service-metrics';

/** Injection token of the relay's tuning (`OutboxRelayOptions` without the logger). */
export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

/**
 * A service's outbox relay, running in its process, with its stats on /metrics. Started once the app (and the Kafka producer) is up; stopped
 * before shutdown hooks disconnect the producer and close the database, so the batch in flight is marked sent.
 */
@Injectable()
export class ServiceOutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(@InjectDatabase() db: Database, publisher: KafkaOutboxPublisher, metrics: ServiceMetrics, @Inject(OUTBOX_RELAY_OPTIONS) options: OutboxRelayOptions) {
    const logger = new Logger('OutboxRelay');
    this.relay = new OutboxRelay(db, publisher, {
      ...options,
      logger: { warn: (message, fields) => logger.warn({ msg: message, ...fields }), error: (message, fields) => logger.error({ msg: message, ...fields }) },
    });
    registerOutboxMetrics(metrics.registry, () => this.relay.stats);
  }

  get stats(): OutboxRelayStats {
    return this.relay.stats;
  }

  /** Publish now rather than at the next poll; call from `tx.afterCommit`. */
  wake(): void {
    this.relay.wake();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
