import { CompressionTypes } from 'kafkajs';
import { eventually, kafkaFor, uniqueName, useBroker } from './helpers';

interface Seen {
  partition: number;
  offset: number;
  key: string;
  value: string;
  header: string;
}

/**
 * The plain producer/consumer flows a service relies on, on one node and on a 3-node cluster
 * where partitions are led by different nodes and the group's coordinator may be any node.
 */
describe.each([1, 3])('produce and consume on a %i-node cluster', (nodes) => {
  const broker = useBroker({ nodes });

  it('spreads partition leadership over every node', async () => {
    const admin = kafkaFor(broker()).admin();
    await admin.connect();
    const topic = uniqueName('spread');
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const cluster = await admin.describeCluster();
    await admin.disconnect();
    expect(cluster.brokers).toHaveLength(nodes);
    const leaders = new Set(meta.topics[0].partitions.map((p) => p.leader));
    expect(leaders.size).toBe(nodes);
  });

  it('delivers every record sent with acks -1, 1 and 0 to a group, keys, values and headers intact, in order per partition', async () => {
    const kafka = kafkaFor(broker());
    const topic = uniqueName('acks');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }] });
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    const sent: { key: string; value: string }[] = [];
    for (const acks of [-1, 1, 0]) {
      const messages = Array.from({ length: 100 }, (_, i) => ({
        key: `key-${i % 10}`,
        value: `acks${acks}-${i}`,
        headers: { 'x-acks': String(acks) },
      }));
      await producer.send({ topic, acks, messages, compression: acks === 1 ? CompressionTypes.GZIP : CompressionTypes.None });
      sent.push(...messages);
    }
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('acks-group'), maxWaitTimeInMs: 100 });
    const seen: Seen[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        seen.push({
          partition,
          offset: Number(message.offset),
          key: message.key!.toString(),
          value: message.value!.toString(),
          header: message.headers!['x-acks']!.toString(),
        });
      },
    });
    await eventually(() => (seen.length >= sent.length ? true : undefined), 20_000, 'all records');
    await consumer.disconnect();

    expect(seen.map((s) => s.value).sort()).toEqual(sent.map((s) => s.value).sort());
    for (const s of seen) expect(s.value.startsWith(`acks${s.header}-`)).toBe(true);
    // one key, one partition; within a partition, offsets increase and sends keep their order
    const partitionOfKey = new Map<string, number>();
    for (const s of seen) {
      expect(partitionOfKey.get(s.key) ?? s.partition).toBe(s.partition);
      partitionOfKey.set(s.key, s.partition);
    }
    for (let p = 0; p < 6; p++) {
      const offsets = seen.filter((s) => s.partition === p).map((s) => s.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      expect(new Set(offsets).size).toBe(offsets.length);
    }
    const order = (v: string): number => sent.findIndex((s) => s.value === v);
    for (const key of partitionOfKey.keys()) {
      const values = seen.filter((s) => s.key === key).map((s) => order(s.value));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
  });

  it('resumes a group from its committed offsets after all members leave', async () => {
    const kafka = kafkaFor(broker());
    const topic = uniqueName('resume');
    const groupId = uniqueName('resume-group');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ key: String(i), value: `first-${i}` })) });

    const consume = async (until: number): Promise<string[]> => {
      const values: string[] = [];
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
      await eventually(() => (values.length >= until ? true : undefined), 20_000, `${until} records`);
      await consumer.disconnect();
      return values;
    };

    expect(await consume(30)).toHaveLength(30);
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ key: String(i), value: `second-${i}` })) });
    await producer.disconnect();
    const second = await consume(5);
    expect(second.sort()).toEqual(['second-0', 'second-1', 'second-2', 'second-3', 'second-4']);
  });
});
