import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Database, InjectDatabase, OutboxRelay, OutboxRelayOptions } from '@app/database';
import { KafkaOutboxPublisher } from '@app/kafka';
import { registerOutboxMetrics, ServiceMetrics } from '@app/service-kit';

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

/**
 * The order-service's outbox relay, running in its process. It starts once the app has bootstrapped (the Kafka
 * producer connects in `onModuleInit`, so the first batch never meets a disconnected producer) and stops in
 * `beforeApplicationShutdown`, before the producer disconnects and the database closes.
 */
@Injectable()
export class OrderOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    @InjectDatabase() db: Database,
    publisher: KafkaOutboxPublisher,
    metrics: ServiceMetrics,
    @Inject(OUTBOX_RELAY_OPTIONS) options: OutboxRelayOptions,
  ) {
    this.relay = new OutboxRelay(db, publisher, options);
    registerOutboxMetrics(metrics.registry, () => this.relay.stats);
  }

  /** Publish now rather than at the next poll: call after the transaction that enqueued messages committed. */
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
