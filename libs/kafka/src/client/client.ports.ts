/**
 * The seams between this lib and its Kafka client. Everything outside `client/` talks to these interfaces, so
 * changing the client touches this folder only.
 */

/** A record to write. Headers are strings; keys decide the partition (murmur2, as the Java client). */
export interface OutgoingRecord {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Readonly<Record<string, string>>;
  partition?: number;
}

export interface TopicRecords {
  topic: string;
  messages: readonly OutgoingRecord[];
}

/** Where a batch of one partition landed. */
export interface RecordAck {
  topic: string;
  partition: number;
  baseOffset: string;
}

/** An idempotent producer with acks from all in-sync replicas. */
export interface KafkaProducerPort {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves once every record is acknowledged; rejects if any is not. */
  send(batches: readonly TopicRecords[]): Promise<RecordAck[]>;
}

export interface ConsumedRecord {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Repeated headers keep their last value. */
  headers: Record<string, string>;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

/** Records of one partition, with the controls the consumer loop needs. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  records: readonly ConsumedRecord[];
  /** Marks `offset` processed; the next fetch and the next commit start after it. */
  resolveOffset(offset: string): void;
  /** Commits every resolved offset of this consumer. */
  commit(): Promise<void>;
  heartbeat(): Promise<void>;
  /** Stops fetching this partition; records after the last resolved one are fetched again on resume. */
  pause(): void;
  /** False once the consumer is stopping. */
  isRunning(): boolean;
  /** True when the partition was revoked or seeked: the rest of the batch must not be processed. */
  isStale(): boolean;
}

export interface GroupConsumerConfig {
  groupId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  maxWaitTimeMs: number;
  minBytes: number;
  partitionsConsumedConcurrently: number;
  requestRetries: number;
  /** Bytes one fetch takes per partition; Kafka still answers at least one whole batch. Default: the client's. */
  maxBytesPerPartition?: number;
}

/** One member of one consumer group. */
export interface KafkaConsumerPort {
  connect(): Promise<void>;
  subscribe(topics: readonly string[], fromBeginning: boolean): Promise<void>;
  run(onBatch: (batch: ConsumedBatch) => Promise<void>): Promise<void>;
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
  /** Moves the group's position on an assigned partition (after `run`). */
  seek(topic: string, partition: number, offset: string): void;
  /** Stops fetching, waits for the batch in progress, then leaves the group and closes connections. */
  disconnect(): Promise<void>;
  onGroupJoin(listener: (memberId: string) => void): void;
  /** The client gave up on the consumer; `restarting` says whether it starts again by itself. */
  onCrash(listener: (error: Error, restarting: boolean) => void): void;
}

export interface TopicSpec {
  topic: string;
  /** Default: the broker's. */
  partitions?: number;
  replicationFactor?: number;
}

export interface KafkaAdminPort {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Partition counts of the topics among `topics` that exist. */
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>>;
  /** Creates the topics that do not exist yet. */
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Offsets a partition holds: the first still stored and the next to be written. */
  offsetRange(topic: string, partition: number): Promise<{ low: string; high: string } | undefined>;
  /** Reads the one record at `offset` (which `offsetRange` says exists). */
  readRecord(topic: string, partition: number, offset: string): Promise<ConsumedRecord>;
  /** Partitions of `topics` where `group` has committed less than the high watermark. */
  laggingPartitions(group: string, topics: readonly string[]): Promise<LaggingPartition[]>;
  /** `host:port` of the partition's leader. */
  leaderAddress(topic: string, partition: number): Promise<string>;
  /** Commits `offset` for `group`; fails while the group has members. */
  commitGroupOffset(group: string, topic: string, partition: number, offset: string): Promise<void>;
}

/** A partition a group has not read to its end: where its next fetch starts and where the partition ends. */
export interface LaggingPartition {
  topic: string;
  partition: number;
  committed: string;
  high: string;
}

export interface KafkaClientPort {
  producer(): KafkaProducerPort;
  consumer(config: GroupConsumerConfig): KafkaConsumerPort;
  admin(): KafkaAdminPort;
}
