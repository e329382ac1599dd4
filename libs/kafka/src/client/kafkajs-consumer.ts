import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumedBatch, GroupConsumerConfig, KafkaConsumerPort } from './client.ports';
import { toConsumedRecord } from './kafkajs-records';

/**
 * One kafkajs consumer in one group. Offsets are resolved and committed by the caller (no auto-resolve, no
 * auto-commit): a record counts as done only when the lib says so.
 */
export class KafkajsConsumer implements KafkaConsumerPort {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly config: GroupConsumerConfig,
  ) {
    this.consumer = kafka.consumer({
      groupId: config.groupId,
      sessionTimeout: config.sessionTimeoutMs,
      heartbeatInterval: config.heartbeatIntervalMs,
      rebalanceTimeout: config.rebalanceTimeoutMs,
      maxWaitTimeInMs: config.maxWaitTimeMs,
      minBytes: config.minBytes,
      maxBytesPerPartition: config.maxBytesPerPartition,
      // The lib restarts a crashed consumer itself (with backoff, and past a batch it cannot decode).
      retry: { retries: config.requestRetries, restartOnFailure: async () => false },
    });
  }

  connect(): Promise<void> {
    return this.consumer.connect();
  }

  subscribe(topics: readonly string[], fromBeginning: boolean): Promise<void> {
    return this.consumer.subscribe({ topics: [...topics], fromBeginning });
  }

  run(onBatch: (batch: ConsumedBatch) => Promise<void>): Promise<void> {
    return this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.partitionsConsumedConcurrently,
      eachBatch: (payload) => onBatch(toBatch(payload)),
    });
  }

  pause(topic: string, partition: number): void {
    this.consumer.pause([{ topic, partitions: [partition] }]);
  }

  resume(topic: string, partition: number): void {
    this.consumer.resume([{ topic, partitions: [partition] }]);
  }

  seek(topic: string, partition: number, offset: string): void {
    this.consumer.seek({ topic, partition, offset });
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }

  onGroupJoin(listener: (memberId: string) => void): void {
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => listener(event.payload.memberId));
  }

  onCrash(listener: (error: Error, restarting: boolean) => void): void {
    this.consumer.on(this.consumer.events.CRASH, (event) => listener(event.payload.error, event.payload.restart));
  }
}

function toBatch(payload: EachBatchPayload): ConsumedBatch {
  const { batch } = payload;
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: batch.highWatermark,
    records: batch.messages.map(toConsumedRecord),
    resolveOffset: (offset) => payload.resolveOffset(offset),
    commit: () => payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()),
    heartbeat: () => payload.heartbeat(),
    pause: () => void payload.pause(),
    isRunning: () => payload.isRunning(),
    isStale: () => payload.isStale(),
  };
}
