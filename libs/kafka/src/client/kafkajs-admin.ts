import { randomUUID } from 'node:crypto';
import { Admin, Kafka } from 'kafkajs';
import { KafkaError } from '../kafka.errors';
import type { ConsumedRecord, KafkaAdminPort, LaggingPartition, TopicSpec } from './client.ports';
import { toConsumedRecord } from './kafkajs-records';

const READ_TIMEOUT_MS = 30_000;

export class KafkajsAdmin implements KafkaAdminPort {
  private readonly admin: Admin;

  constructor(
    private readonly kafka: Kafka,
    private readonly clientId: string,
  ) {
    this.admin = kafka.admin();
  }

  connect(): Promise<void> {
    return this.admin.connect();
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }

  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const existing = new Set(await this.admin.listTopics());
    const wanted = [...new Set(topics)].filter((topic) => existing.has(topic));
    const counts = new Map<string, number>();
    if (wanted.length === 0) return counts;
    const metadata = await this.admin.fetchTopicMetadata({ topics: wanted });
    for (const topic of metadata.topics) counts.set(topic.name, topic.partitions.length);
    return counts;
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    if (specs.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: specs.map((spec) => ({ topic: spec.topic, numPartitions: spec.partitions, replicationFactor: spec.replicationFactor })),
    });
  }

  async offsetRange(topic: string, partition: number): Promise<{ low: string; high: string } | undefined> {
    if (!(await this.admin.listTopics()).includes(topic)) return undefined;
    const offsets = await this.admin.fetchTopicOffsets(topic);
    const found = offsets.find((o) => o.partition === partition);
    return found === undefined ? undefined : { low: found.low, high: found.high };
  }

  async laggingPartitions(group: string, topics: readonly string[]): Promise<LaggingPartition[]> {
    const existing = new Set(await this.admin.listTopics());
    const wanted = topics.filter((topic) => existing.has(topic));
    if (wanted.length === 0) return [];
    const committed = await this.admin.fetchOffsets({ groupId: group, topics: wanted });
    const lagging: LaggingPartition[] = [];
    for (const { topic, partitions } of committed) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      for (const { partition, offset } of partitions) {
        const end = ends.find((e) => e.partition === partition);
        if (end === undefined) continue;
        const from = BigInt(offset) < 0n ? BigInt(end.low) : BigInt(offset);
        if (from < BigInt(end.high)) lagging.push({ topic, partition, committed: from.toString(), high: end.high });
      }
    }
    return lagging;
  }

  async leaderAddress(topic: string, partition: number): Promise<string> {
    const metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const leader = metadata.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader;
    const broker = (await this.admin.describeCluster()).brokers.find((b) => b.nodeId === leader);
    if (broker === undefined) throw new KafkaError('KAFKA.NO_LEADER', `${topic}[${partition}] has no leader the cluster describes`);
    return `${broker.host}:${broker.port}`;
  }

  async commitGroupOffset(group: string, topic: string, partition: number, offset: string): Promise<void> {
    await this.admin.setOffsets({ groupId: group, topic, partitions: [{ partition, offset }] });
  }

  /**
   * kafkajs has no single-record fetch, so this joins a throw-away group (deleted afterwards), seeks to the
   * offset and takes the first record it sees there. Meant for operator actions, not for hot paths.
   */
  async readRecord(topic: string, partition: number, offset: string): Promise<ConsumedRecord> {
    const groupId = `${this.clientId}.read-record.${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      return await new Promise<ConsumedRecord>((resolve, reject) => {
        timer = setTimeout(() => reject(notFound(topic, partition, offset, `not read within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
        consumer.on(consumer.events.GROUP_JOIN, () => consumer.seek({ topic, partition, offset }));
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              if (batch.partition !== partition) return;
              const found = batch.messages.find((m) => m.offset === offset);
              if (found) resolve(toConsumedRecord(found));
              else if (batch.messages.some((m) => BigInt(m.offset) > BigInt(offset))) {
                reject(notFound(topic, partition, offset, 'no record at this offset (compacted or a transaction marker)'));
              }
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      await this.admin.deleteGroups([groupId]).catch(() => undefined);
    }
  }
}

function notFound(topic: string, partition: number, offset: string, why: string): KafkaError {
  return new KafkaError('KAFKA.DEAD_LETTER_NOT_FOUND', `cannot read ${topic}[${partition}]@${offset}: ${why}`);
}
