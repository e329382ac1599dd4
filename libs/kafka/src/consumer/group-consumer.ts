import type { Database } from '@app/database';
import type { ConsumedBatch, KafkaClientPort, KafkaConsumerPort, OutgoingRecord } from '../client/client.ports';
import { connectWithRetry } from '../client/connect-with-retry';
import { integerHeader, RetryHeaders } from '../headers/delivery-headers';
import { errorMessage, isTransientKafkaError } from '../kafka.errors';
import type { KafkaMetrics } from '../metrics/kafka-metrics';
import type { ResolvedKafkaOptions } from '../options/resolve-kafka-options';
import { deadLetterTopic, delayTopicsOf } from '../retry/retry-topics';
import { DueTimeGate } from './due-time-gate';
import { GroupHealth, GroupProgress } from './group-progress';
import type { HandlerRegistration } from './handler-explorer';
import { InboxBatcher } from './inbox-batcher';
import { processRecord, ProcessorContext, Route } from './message-processor';
import { skipUndecodableBatches } from './undecodable/skip-undecodable';

/** Restarts of a crashed consumer wait this long, doubling per crash in a row, up to the maximum. */
const RESTART_INITIAL_DELAY_MS = 250;
const RESTART_MAX_DELAY_MS = 15_000;
/**
 * A restarted consumer fetches one batch per partition (to reach a bad batch without losing those before it) this
 * long; a consumer that ran this long without crashing ends its series of crashes in a row.
 */
const CAREFUL_FOR_MS = 30_000;

/**
 * The one consumer of one group: reads every topic the group's handlers subscribed to plus their retry and
 * redrive topics, a batch at a time, and commits what it resolved at the end of each batch.
 */
export class GroupConsumer {
  private readonly routes = new Map<string, Route>();
  private consumer: KafkaConsumerPort;
  private readonly gate: DueTimeGate;
  private readonly context: ProcessorContext;
  private readonly progress = new GroupProgress();
  private memberId: string | undefined;
  private started = false;
  private up = false;
  private downReason = 'starting';
  private crashesInARow = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private carefulTimer: NodeJS.Timeout | undefined;

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
    this.consumer = this.createConsumer(false);
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
    // A topic another service has just created may be unknown to this broker's metadata for a moment (Apache Kafka).
    await connectWithRetry(`consumer group ${this.group}`, () => this.subscribe(this.consumer), {
      brokers: options.brokers,
      retry: options.startupRetry,
      logger: options.logger,
      action: 'subscribe on',
      retryIf: isTransientKafkaError,
    });
    await this.consumer.run((batch) => this.onBatch(batch));
  }

  /** Stops fetching, lets the record in progress finish, commits, and leaves the group. */
  async stop(): Promise<void> {
    this.gate.clear();
    clearTimeout(this.restartTimer);
    clearTimeout(this.carefulTimer);
    if (!this.started) return;
    this.started = false;
    this.markDown('stopped');
    await this.consumer.disconnect();
  }

  /** Up, or down with the reason; a consumer behind with no progress for `stallMs` is down too. */
  health(now = Date.now()): GroupHealth {
    const lag = this.progress.total();
    if (!this.started) return { group: this.group, up: false, reason: this.downReason === 'starting' ? 'not started' : 'stopped', lag };
    if (!this.up) return { group: this.group, up: false, reason: this.downReason, lag };
    const stalled = this.progress.stalledFor(now);
    const { stallMs } = this.deps.options.consumer;
    if (stalled > stallMs) return { group: this.group, up: false, reason: `${lag} records behind with no progress for ${stalled} ms (limit ${stallMs} ms)`, lag };
    return { group: this.group, up: true, lag };
  }

  private createConsumer(careful: boolean): KafkaConsumerPort {
    const { options } = this.deps;
    const consumer = this.deps.client.consumer({
      groupId: this.group,
      ...options.consumer,
      requestRetries: options.requestRetries,
      maxBytesPerPartition: careful ? 1 : undefined,
    });
    consumer.onGroupJoin((memberId) => {
      if (consumer !== this.consumer) return;
      this.memberId = memberId;
      this.markUp();
      options.logger.info(`Kafka consumer joined group ${this.group}`, { group: this.group, memberId });
    });
    consumer.onCrash((error) => {
      if (consumer === this.consumer) this.onCrash(error);
    });
    return consumer;
  }

  private async subscribeAndRun(consumer: KafkaConsumerPort): Promise<void> {
    await this.subscribe(consumer);
    await consumer.run((batch) => this.onBatch(batch));
  }

  private async subscribe(consumer: KafkaConsumerPort): Promise<void> {
    for (const fromBeginning of [true, false]) {
      const topics = this.subscriptions.filter((s) => s.fromBeginning === fromBeginning).map((s) => s.topic);
      if (topics.length > 0) await consumer.subscribe(topics, fromBeginning);
    }
  }

  private markUp(): void {
    this.up = true;
    this.deps.metrics.consumerUp.set({ group: this.group }, 1);
  }

  private markDown(reason: string): void {
    this.up = false;
    this.downReason = reason;
    this.deps.metrics.consumerUp.set({ group: this.group }, 0);
  }

  /**
   * The client stopped the consumer (it never restarts one itself: `restartOnFailure` is off). Restart it with
   * backoff, fetching one batch per partition for a while; from the configured number of crashes in a row on,
   * look for a batch no client can decode at the group's positions first, and move past it.
   */
  private onCrash(error: unknown): void {
    if (!this.started) return;
    const { logger } = this.deps.options;
    this.crashesInARow += 1;
    this.deps.metrics.consumerCrashes.inc({ group: this.group });
    this.markDown(`crashed: ${errorMessage(error)}`);
    const delay = Math.min(RESTART_MAX_DELAY_MS, RESTART_INITIAL_DELAY_MS * 2 ** (this.crashesInARow - 1));
    logger.error(`Kafka consumer of group ${this.group} crashed (${this.crashesInARow} in a row); restarting it in ${delay} ms: ${errorMessage(error)}`, {
      group: this.group,
      crashesInARow: this.crashesInARow,
      cause: errorMessage(error),
    });
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.restart(error), delay);
  }

  private async restart(cause: unknown): Promise<void> {
    if (!this.started) return;
    this.downReason = `restarting after: ${errorMessage(cause)}`;
    try {
      await this.consumer.disconnect().catch(() => undefined);
      if (this.crashesInARow >= this.deps.options.consumer.undecodableAttempts) await this.skipUndecodable(cause);
      if (!this.started) return;
      this.progress.reset();
      this.consumer = this.createConsumer(true);
      await this.consumer.connect();
      await this.subscribeAndRun(this.consumer);
      this.deps.metrics.consumerRestarts.inc({ group: this.group });
      this.backToNormalLater();
    } catch (error) {
      this.onCrash(error);
    }
  }

  private async skipUndecodable(cause: unknown): Promise<void> {
    const admin = this.deps.client.admin();
    await admin.connect();
    try {
      const context = {
        group: this.group,
        deadLetterTopicOf: (topic: string) => {
          const route = this.routes.get(topic);
          return route === undefined ? undefined : deadLetterTopic(route.registration.topic);
        },
        admin,
        send: this.deps.send,
        logger: this.deps.options.logger,
      };
      for (const batch of await skipUndecodableBatches(context, [...this.routes.keys()], cause)) {
        this.deps.metrics.skippedBatches.inc({ topic: batch.topic, group: this.group });
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** After a quiet while, a restarted consumer goes back to full-size fetches (one rebalance). */
  private backToNormalLater(): void {
    clearTimeout(this.carefulTimer);
    this.carefulTimer = setTimeout(() => void this.backToNormal(), CAREFUL_FOR_MS);
    this.carefulTimer.unref();
  }

  private async backToNormal(): Promise<void> {
    if (!this.started || !this.up) return;
    // Progress on other partitions says nothing about the one that crashed: only a quiet while ends a crash series.
    this.crashesInARow = 0;
    const careful = this.consumer;
    const normal = this.createConsumer(false);
    this.consumer = normal;
    try {
      await careful.disconnect();
      await normal.connect();
      await this.subscribeAndRun(normal);
    } catch (error) {
      if (this.consumer === normal) this.onCrash(error);
    }
  }

  private async onBatch(batch: ConsumedBatch): Promise<void> {
    const route = this.routes.get(batch.topic);
    if (route === undefined) return;
    if (batch.records.length > 0) {
      this.progress.batchArrived(batch.topic, batch.partition, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(batch.records[0].offset))));
    }
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
    const behind = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(offset) - 1n));
    this.deps.metrics.consumerLag.set(labels, behind);
    this.progress.resolved(batch.topic, batch.partition, behind);
  }
}
