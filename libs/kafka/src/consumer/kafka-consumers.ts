import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { DATABASE, Database } from '@app/database';
import type { KafkaClientPort, OutgoingRecord } from '../client/client.ports';
import { connectWithRetry } from '../client/connect-with-retry';
import { isTransientKafkaError, KafkaError } from '../kafka.errors';
import { KafkaMetrics } from '../metrics/kafka-metrics';
import { KAFKA_CLIENT, KAFKA_OPTIONS } from '../nest/kafka.constants';
import type { ResolvedKafkaOptions } from '../options/resolve-kafka-options';
import { CoalescingSender } from '../producer/coalescing-sender';
import { KafkaProducer } from '../producer/kafka-producer';
import { GroupConsumer } from './group-consumer';
import type { GroupHealth } from './group-progress';
import { HandlerExplorer, HandlerRegistration } from './handler-explorer';
import { provisionTopics } from './topic-provisioner';

/**
 * Starts one consumer per group found on `@KafkaHandler` methods once the app has bootstrapped, and stops them
 * in `beforeApplicationShutdown`: before the producer disconnects and the database closes (both happen in
 * `onApplicationShutdown`), so in-flight handlers can still write, retry and dead-letter.
 */
@Injectable()
export class KafkaConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private groups: GroupConsumer[] = [];

  constructor(
    @Inject(KAFKA_OPTIONS) private readonly options: ResolvedKafkaOptions,
    @Inject(KAFKA_CLIENT) private readonly client: KafkaClientPort,
    private readonly explorer: HandlerExplorer,
    private readonly producer: KafkaProducer,
    private readonly metrics: KafkaMetrics,
    @Optional() @Inject(DATABASE) private readonly db?: Database,
  ) {}

  /** The member id each group got at its last join (diagnostics and tests). */
  memberIds(): Record<string, string | undefined> {
    return Object.fromEntries(this.groups.map((g) => [g.group, g.currentMemberId]));
  }

  /** Every consumer group of the app, up or down with the reason (readiness). */
  health(): GroupHealth[] {
    return this.groups.map((group) => group.health());
  }

  async onApplicationBootstrap(): Promise<void> {
    const registrations = this.explorer.explore({ retry: this.options.retry, fromBeginning: this.options.consumer.fromBeginning });
    if (registrations.length === 0) return;
    const needsDb = registrations.find((r) => r.inbox);
    if (needsDb && this.db === undefined) {
      throw new KafkaError('KAFKA.NO_DATABASE', `${needsDb.name} uses the inbox (inbox: true) but no DatabaseModule provides a database`);
    }
    if (this.options.topics.create) await this.provision(registrations);
    const byGroup = new Map<string, HandlerRegistration[]>();
    for (const r of registrations) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
    // Retry and dead-letter writes of records handled side by side share produce requests.
    const sender = new CoalescingSender((batches) => this.producer.sendBatch(batches));
    const send = (topic: string, record: OutgoingRecord): Promise<void> => sender.send(topic, record);
    this.groups = [...byGroup].map(([group, handlers]) => new GroupConsumer(group, handlers, { client: this.client, options: this.options, metrics: this.metrics, db: this.db, send }));
    try {
      for (const group of this.groups) await group.start();
    } catch (error) {
      await this.stopAll();
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopAll();
  }

  private async stopAll(): Promise<void> {
    const groups = this.groups;
    this.groups = [];
    await Promise.all(groups.map((group) => group.stop()));
  }

  private async provision(registrations: readonly HandlerRegistration[]): Promise<void> {
    const admin = this.client.admin();
    await connectWithRetry('admin', () => admin.connect(), { brokers: this.options.brokers, retry: this.options.startupRetry, logger: this.options.logger });
    try {
      // On Apache Kafka a topic another service has just created can answer UNKNOWN_TOPIC_OR_PARTITION for a moment.
      await connectWithRetry('admin', () => provisionTopics(admin, registrations, this.options.topics.replicationFactor), {
        brokers: this.options.brokers,
        retry: this.options.startupRetry,
        logger: this.options.logger,
        action: "create the handlers' topics on",
        retryIf: isTransientKafkaError,
      });
    } finally {
      await admin.disconnect();
    }
  }
}
