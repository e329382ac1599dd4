import type { Database } from '@app/database';
import type { ConsumedBatch, KafkaClientPort, KafkaConsumerPort, OutgoingRecord } from '../client/client.ports';
import { connectWithRetry } from '../client/connect-with-retry';
import { integerHeader, RetryHeaders } from '../headers/delivery-headers';
import { errorMessage } from '../kafka.errors';
import type { KafkaMetrics } from '../metrics/kafka-metrics';
import type { ResolvedKafkaOptions } from '../options/resolve-kafka-options';
import { delayTopicsOf } from '../retry/retry-topics';
import { DueTimeGate } from './due-time-gate';
import type { HandlerRegistration } from './handler-explorer';
import { InboxBatcher } from './inbox-batcher';
import { processRecord, ProcessorContext, Route } from './message-processor';

/**
 * The one consumer of one group: reads every topic the group's handlers subscribed to plus their retry and
 * redrive topics, a batch at a time, and commits what it resolved at the end of each batch.
 */
export class GroupConsumer {
  private readonly routes = new Map<string, Route>();
  private readonly consumer: KafkaConsumerPort;
  private readonly gate: DueTimeGate;
  private readonly context: ProcessorContext;
  private memberId: string | undefined;
  private started = false;

  constructor(
    readonly group: string,
    registrations: readonly HandlerRegistration[],
    private readonly deps: {
      client: KafkaClientPort;
      options: ResolvedKafkaOptions;
      metrics: KafkaMetrics;
      db: Database | undefined;
      send: (topic: string, record: OutgoingRecord) => Promise<void>;
    },
  ) {
    for (const registration of registrations) {
      this.routes.set(registration.topic, { registration, kind: 'source' });
      for (const topic of delayTopicsOf(registration.topic, group, registration.retry.retries)) {
        this.routes.set(topic, { registration, kind: 'delayed' });
      }
    }
    const { options } = deps;
    this.consumer = deps.client.consumer({ groupId: group, ...options.consumer });
    this.gate = new DueTimeGate(
      (topic, partition) => this.consumer.pause(topic, partition),
      (topic, partition) => this.consumer.resume(topic, partition),
    );
    const batchers = new Map<HandlerRegistration, InboxBatcher>();
    for (const { registration } of this.routes.values()) {
      if (registration.inbox && registration.concurrency > 1 && deps.db !== undefined && !batchers.has(registration)) {
        batchers.set(registration, new InboxBatcher(deps.db, registration));
      }
    }
    this.context = {
      db: deps.db,
      send: deps.send,
      logger: options.logger,
      metrics: deps.metrics,
      heartbeatIntervalMs: options.consumer.heartbeatIntervalMs,
      inboxBatcherOf: (registration) => batchers.get(registration),
    };
    this.consumer.onGroupJoin((memberId) => {
      this.memberId = memberId;
      options.logger.info(`Kafka consumer joined group ${group}`, { group, memberId });
    });
    this.consumer.onCrash((error, restarting) => {
      const fields = { group, cause: errorMessage(error) };
      if (restarting) options.logger.warn(`Kafka consumer of group ${group} crashed; the client restarts it: ${errorMessage(error)}`, fields);
      else options.logger.error(`Kafka consumer of group ${group} crashed and stopped: ${errorMessage(error)}`, fields);
    });
  }

  /** Every topic this group reads, with where it starts when it has no committed offset. */
  get subscriptions(): { topic: string; fromBeginning: boolean }[] {
    return [...this.routes].map(([topic, route]) => ({
      topic,
      // Retries and redrives are written before the group may ever have committed on them: never skip them.
      fromBeginning: route.kind === 'delayed' || route.registration.fromBeginning,
    }));
  }

  /** The member id of the last group join, for diagnostics. */
  get currentMemberId(): string | undefined {
    return this.memberId;
  }

  async start(): Promise<void> {
    const { options } = this.deps;
    await connectWithRetry(`consumer group ${this.group}`, () => this.consumer.connect(), { brokers: options.brokers, retry: options.startupRetry, logger: options.logger });
    this.started = true;
    for (const fromBeginning of [true, false]) {
      const topics = this.subscriptions.filter((s) => s.fromBeginning === fromBeginning).map((s) => s.topic);
      if (topics.length > 0) await this.consumer.subscribe(topics, fromBeginning);
    }
    await this.consumer.run((batch) => this.onBatch(batch));
  }

  /** Stops fetching, lets the record in progress finish, commits, and leaves the group. */
  async stop(): Promise<void> {
    this.gate.clear();
    if (!this.started) return;
    this.started = false;
    await this.consumer.disconnect();
  }

  private async onBatch(batch: ConsumedBatch): Promise<void> {
    const route = this.routes.get(batch.topic);
    if (route === undefined) return;
    let failure: unknown;
    try {
      await this.processBatch(route, batch);
    } catch (error) {
      failure = error;
    }
    try {
      await batch.commit();
    } catch (error) {
      // A commit lost to a rebalance means redelivery, which handlers (and the inbox) absorb.
      failure ??= error;
    }
    if (failure !== undefined) throw failure;
  }

  private async processBatch(route: Route, batch: ConsumedBatch): Promise<void> {
    if (route.kind === 'source' && route.registration.concurrency > 1) {
      await this.processConcurrently(route, batch, route.registration.concurrency);
      return;
    }
    for (const record of batch.records) {
      if (!batch.isRunning() || batch.isStale()) return;
      if (route.kind === 'delayed') {
        const dueAt = integerHeader(record.headers, RetryHeaders.DueAt, 0);
        if (dueAt > Date.now()) {
          // Every later record of this retry level is due no earlier (up to jitter), so wait on the head.
          this.gate.holdUntil(batch.topic, batch.partition, dueAt);
          return;
        }
      }
      if (!(await processRecord(route, batch, record, this.context))) return;
      this.resolve(batch, record.offset);
      await batch.heartbeat();
    }
  }

  /**
   * Up to `limit` records of the batch in flight at once, so a handler's database work can be shared between
   * them (group commit). Offsets are resolved in order, up to the first record not done: a record that could
   * not be finished (the consumer stopping) is redelivered with every record after it.
   */
  private async processConcurrently(route: Route, batch: ConsumedBatch, limit: number): Promise<void> {
    const { records } = batch;
    const done: boolean[] = [];
    let next = 0;
    let resolved = 0;
    let halted = false;
    const worker = async (): Promise<void> => {
      while (next < records.length && !halted && batch.isRunning() && !batch.isStale()) {
        const index = next++;
        done[index] = await processRecord(route, batch, records[index], this.context);
        if (!done[index]) halted = true;
        while (resolved < records.length && done[resolved] === true) resolved += 1;
        if (resolved > 0) this.resolve(batch, records[resolved - 1].offset);
        await batch.heartbeat();
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, records.length) }, worker));
  }

  private resolve(batch: ConsumedBatch, offset: string): void {
    batch.resolveOffset(offset);
    const labels = { topic: batch.topic, partition: String(batch.partition), group: this.group };
    this.deps.metrics.consumerLag.set(labels, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(offset) - 1n)));
  }
}
