import * as path from 'node:path';
import { ErrorCode } from '../protocol/error-codes';
import { PartitionLog } from './partition-log';
import { StorageError } from './storage/disk-io';
import { FilePartitionStore, FsyncPolicy, StoreIo } from './storage/file-partition-store';
import type { MetadataLog, MetadataRecord } from './storage/metadata-log';
import { Topic } from './topic';
import { validateTopicConfig } from './topic-configs';

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;
export const MAX_PARTITIONS = 10_000;

export interface TopicError {
  errorCode: number;
  message: string;
}

export interface TopicRegistryOptions {
  nodeIds: number[];
  dataDir: string | null;
  fsync: FsyncPolicy;
  metadata: MetadataLog | null;
  io: StoreIo;
}

/** A partition whose retention the disk refused this time. */
export interface MaintenanceFailure {
  topic: string;
  partition: number;
  errorCode: number;
}

function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h >>> 0;
}

/** Kafka's metric names turn '.' into '_', so it refuses topic names that differ only there. */
function foldName(name: string): string {
  return name.replace(/\./g, '_');
}

export function validateTopicName(name: string): string | null {
  if (!name || name === '.' || name === '..') return 'topic name is empty or . or ..';
  if (name.length > 249) return 'topic name is longer than 249 characters';
  if (!LEGAL_NAME.test(name)) return `topic name ${JSON.stringify(name)} has characters outside [a-zA-Z0-9._-]`;
  return null;
}

/** All topics of the cluster, with partition placement and (when a data dir is set) their files. */
export class TopicRegistry {
  private readonly topics = new Map<string, Topic>();
  private readonly byFoldedName = new Map<string, string>();

  constructor(private readonly opts: TopicRegistryOptions) {}

  /** Records a topic change before it is made; a refused write refuses the change. */
  private record(r: MetadataRecord): TopicError | null {
    try {
      this.opts.metadata?.append(r);
      return null;
    } catch (err) {
      if (err instanceof StorageError) return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, message: err.message };
      throw err;
    }
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  all(): Topic[] {
    return [...this.topics.values()];
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topics.get(topic)?.partitions[partition];
  }

  /** Validates and creates a topic; `validateOnly` checks without creating. */
  create(name: string, partitions: number, replicationFactor: number, configs: Record<string, string>, validateOnly = false): TopicError | null {
    const nameError = validateTopicName(name);
    if (nameError) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, message: nameError };
    if (this.topics.has(name)) return { errorCode: ErrorCode.TOPIC_ALREADY_EXISTS, message: `topic ${name} already exists` };
    const collision = this.byFoldedName.get(foldName(name));
    if (collision) return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, message: `topic ${name} collides with existing topic ${collision}` };
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
      return { errorCode: ErrorCode.INVALID_PARTITIONS, message: `partitions must be 1..${MAX_PARTITIONS}, got ${partitions}` };
    }
    if (replicationFactor < 1 || replicationFactor > this.opts.nodeIds.length) {
      return {
        errorCode: ErrorCode.INVALID_REPLICATION_FACTOR,
        message: `replication factor ${replicationFactor} is not 1..${this.opts.nodeIds.length} (the number of nodes)`,
      };
    }
    for (const [key, value] of Object.entries(configs)) {
      const err = validateTopicConfig(key, value);
      if (err) return { errorCode: ErrorCode.INVALID_CONFIG, message: err };
    }
    if (validateOnly) return null;
    const refused = this.record({ type: 'topic', name, partitions, replicationFactor, configs });
    if (refused) return refused;
    this.materialise(name, partitions, replicationFactor, configs);
    return null;
  }

  private materialise(name: string, partitions: number, replicationFactor: number, configs: Record<string, string>): Topic {
    const topic = new Topic(name, replicationFactor, new Map(Object.entries(configs)));
    this.topics.set(name, topic);
    this.byFoldedName.set(foldName(name), name);
    this.grow(topic, partitions);
    return topic;
  }

  /** Adds partitions up to `count`, leaders spread round the nodes from a per-topic start. */
  private grow(topic: Topic, count: number): void {
    const nodes = this.opts.nodeIds;
    const start = stringHash(topic.name) % nodes.length;
    for (let p = topic.partitions.length; p < count; p++) {
      const replicas: number[] = [];
      for (let r = 0; r < topic.replicationFactor; r++) replicas.push(nodes[(start + p + r) % nodes.length]);
      topic.replicas.push(replicas);
      topic.partitions.push(this.openPartition(topic, p));
    }
  }

  private openPartition(topic: Topic, p: number): PartitionLog {
    if (!this.opts.dataDir) return new PartitionLog(topic.name, p);
    const dir = path.join(this.opts.dataDir, 'topics', `${topic.name}-${p}`);
    const segmentBytes = (): number => Number(topic.config('segment.bytes'));
    const pending: [Parameters<PartitionLog['restore']>[0], Buffer, number][] = [];
    const { store, logStartOffset, nextOffset } = FilePartitionStore.open(dir, segmentBytes, this.opts.fsync, (h, data, base) => pending.push([h, data, base]), this.opts.io);
    const log = new PartitionLog(topic.name, p, store);
    for (const [h, data, base] of pending) log.restore(h, data, base);
    log.resumeEmptyAt(nextOffset);
    if (logStartOffset > 0) log.truncateBefore(Math.min(logStartOffset, log.highWatermark));
    return log;
  }

  createPartitions(name: string, count: number, validateOnly = false): TopicError | null {
    const topic = this.topics.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `topic ${name} does not exist` };
    if (count <= topic.partitions.length) {
      return {
        errorCode: ErrorCode.INVALID_PARTITIONS,
        message: `topic ${name} has ${topic.partitions.length} partitions; the new count must be larger, got ${count}`,
      };
    }
    if (count > MAX_PARTITIONS) return { errorCode: ErrorCode.INVALID_PARTITIONS, message: `at most ${MAX_PARTITIONS} partitions` };
    if (validateOnly) return null;
    const refused = this.record({
      type: 'topic',
      name,
      partitions: count,
      replicationFactor: topic.replicationFactor,
      configs: Object.fromEntries(topic.configs),
    });
    if (refused) return refused;
    this.grow(topic, count);
    return null;
  }

  delete(name: string): TopicError | null {
    const topic = this.topics.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `topic ${name} does not exist` };
    const refused = this.record({ type: 'topic-deleted', name });
    if (refused) return refused;
    this.topics.delete(name);
    this.byFoldedName.delete(foldName(name));
    for (const log of topic.partitions) log.destroy();
    return null;
  }

  /** Replaces (AlterConfigs is not incremental) the topic's configs. */
  setConfigs(name: string, configs: Record<string, string>, validateOnly = false): TopicError | null {
    const topic = this.topics.get(name);
    if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `topic ${name} does not exist` };
    for (const [key, value] of Object.entries(configs)) {
      const err = validateTopicConfig(key, value);
      if (err) return { errorCode: ErrorCode.INVALID_CONFIG, message: err };
    }
    if (validateOnly) return null;
    const refused = this.record({ type: 'topic-configs', name, configs });
    if (refused) return refused;
    topic.configs.clear();
    for (const [key, value] of Object.entries(configs)) topic.configs.set(key, value);
    return null;
  }

  /** Rebuilds topics from the metadata log at start-up (partition data is read from its files). */
  restore(records: MetadataRecord[]): void {
    const wanted = new Map<string, { partitions: number; replicationFactor: number; configs: Record<string, string> }>();
    for (const r of records) {
      if (r.type === 'topic') wanted.set(r.name, { partitions: r.partitions, replicationFactor: r.replicationFactor, configs: r.configs });
      else if (r.type === 'topic-configs') {
        const t = wanted.get(r.name);
        if (t) t.configs = r.configs;
      } else if (r.type === 'topic-deleted') wanted.delete(r.name);
    }
    for (const [name, t] of wanted) {
      this.materialise(name, t.partitions, Math.min(t.replicationFactor, this.opts.nodeIds.length), t.configs);
    }
  }

  snapshot(): MetadataRecord[] {
    return this.all().map((t) => ({
      type: 'topic' as const,
      name: t.name,
      partitions: t.partitions.length,
      replicationFactor: t.replicationFactor,
      configs: Object.fromEntries(t.configs),
    }));
  }

  /** Retention, run by the cluster's maintenance timer; returns the partitions the disk refused it. */
  maintain(now: number): MaintenanceFailure[] {
    const failed: MaintenanceFailure[] = [];
    for (const topic of this.topics.values()) {
      const ms = Number(topic.config('retention.ms'));
      const bytes = Number(topic.config('retention.bytes'));
      if (ms < 0 && bytes < 0) continue;
      for (const log of topic.partitions) {
        const errorCode = log.applyRetention(ms, bytes, now);
        if (errorCode !== ErrorCode.NONE) failed.push({ topic: topic.name, partition: log.partition, errorCode });
      }
    }
    return failed;
  }

  /** Flushes every partition (the interval fsync policy); returns the ones that failed, to try again next time. */
  flush(): { topic: string; partition: number; error: string }[] {
    return this.eachPartition((log) => log.flush());
  }

  /** Closes every partition, even when some fail; returns those. */
  close(): { topic: string; partition: number; error: string }[] {
    return this.eachPartition((log) => log.close());
  }

  private eachPartition(fn: (log: PartitionLog) => void): { topic: string; partition: number; error: string }[] {
    const failed: { topic: string; partition: number; error: string }[] = [];
    for (const topic of this.topics.values()) {
      for (const log of topic.partitions) {
        try {
          fn(log);
        } catch (err) {
          failed.push({ topic: topic.name, partition: log.partition, error: (err as Error).message });
        }
      }
    }
    return failed;
  }
}
