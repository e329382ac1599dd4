import type { IHeaders, Kafka } from 'kafkajs';

/** A record as Kafka's Fetch returns it, before any decoding of key, value or headers. */
export interface RawRecord {
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
}

interface FetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
  isControlRecord?: boolean;
}

interface FetchResponse {
  responses: { topicName: string; partitions: { partition: number; errorCode: number; highWatermark: string; messages: FetchedMessage[] }[] }[];
}

/** The parts of kafkajs's (untyped, internal) cluster and broker this reader uses. */
interface InternalBroker {
  fetch(request: {
    replicaId?: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<FetchResponse>;
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<InternalBroker>;
}

type CreateCluster = (options: { allowAutoTopicCreation: boolean; isolationLevel?: number; metadataMaxAge?: number }) => InternalCluster;

const READ_COMMITTED = 1;
const PARTITION_MAX_BYTES = 1024 * 1024;

/**
 * Reads records with plain Fetch requests, as a replica-less client outside any group: kafkajs reads only through
 * consumer groups, and browsing must leave no group behind. It reuses kafkajs's own cluster (connections,
 * metadata, record batch decoding and codecs), which the public API keeps private; {@link clusterFactory} fails
 * loudly if a kafkajs upgrade moves it.
 */
export class GrouplessFetcher {
  private readonly cluster: InternalCluster;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.cluster = clusterFactory(kafka)({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED, metadataMaxAge: 30_000 });
  }

  /** Up to `max` records of `topic[partition]` from `from` on (fewer when the partition ends before). */
  async read(topic: string, partition: number, from: bigint, until: bigint, max: number): Promise<RawRecord[]> {
    await (this.connected ??= this.cluster.connect());
    await this.cluster.addTargetTopic(topic);
    const records: RawRecord[] = [];
    let next = from;
    while (records.length < max && next < until) {
      const leader = this.leaderOf(topic, partition);
      const broker = await this.cluster.findBroker({ nodeId: leader });
      const response = await broker.fetch({
        replicaId: -1,
        isolationLevel: READ_COMMITTED,
        maxWaitTime: 0,
        minBytes: 0,
        maxBytes: PARTITION_MAX_BYTES,
        topics: [{ topic, partitions: [{ partition, fetchOffset: next.toString(), maxBytes: PARTITION_MAX_BYTES }] }],
      });
      const found = response.responses.find((r) => r.topicName === topic)?.partitions.find((p) => p.partition === partition);
      if (found === undefined || found.errorCode !== 0) throw new Error(`Fetch of ${topic}[${partition}] failed with error code ${found?.errorCode ?? 'none'}`);
      const messages = found.messages.filter((m) => BigInt(m.offset) >= next);
      if (messages.length === 0) break;
      for (const m of messages) {
        next = BigInt(m.offset) + 1n;
        if (m.isControlRecord || BigInt(m.offset) >= until) continue;
        records.push({ partition, offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value, headers: m.headers ?? {} });
        if (records.length >= max) break;
      }
    }
    return records;
  }

  async close(): Promise<void> {
    if (this.connected) await this.cluster.disconnect().catch(() => undefined);
    this.connected = undefined;
  }

  private leaderOf(topic: string, partition: number): string {
    const byLeader = this.cluster.findLeaderForPartitions(topic, [partition]);
    const leader = Object.keys(byLeader).find((id) => byLeader[id]?.includes(partition));
    if (leader === undefined) throw new Error(`no leader known for ${topic}[${partition}]`);
    return leader;
  }
}

function clusterFactory(kafka: Kafka): CreateCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory: unknown = key === undefined ? undefined : Reflect.get(kafka, key);
  if (typeof factory !== 'function') throw new Error('this kafkajs version hides its cluster differently; the console cannot read records without a group');
  return (options) => Reflect.apply(factory, kafka, [options]) as InternalCluster;
}
