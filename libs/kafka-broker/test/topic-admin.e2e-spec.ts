import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Admin, CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { ApiKey, ErrorCode, startBroker } from '../src';
import { kafkaFor, uniqueName, useBroker } from './helpers';
import { RawClient } from './raw-client';

/** The `type` of each error a kafkajs createTopics rejection aggregates. */
async function createTopicErrors(promise: Promise<unknown>): Promise<string[]> {
  const err = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as { errors?: { type: string }[] } | null;
  return (err?.errors ?? []).map((e) => e.type);
}

/** The protocol error type behind a kafkajs rejection (unwrapping "retries exceeded"). */
async function rejectionType(promise: Promise<unknown>): Promise<string | undefined> {
  const err = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as { type?: string; cause?: { type?: string } } | null;
  return err?.type ?? err?.cause?.type;
}

describe('topic administration through kafkajs admin, on a three-node cluster', () => {
  const broker = useBroker({ nodes: 3, defaultPartitions: 2 });
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    kafka = kafkaFor(broker());
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  it('creates topics that listTopics and fetchTopicMetadata then show', async () => {
    const wide = uniqueName('admin-wide');
    const plain = uniqueName('admin-plain');
    await expect(admin.createTopics({ topics: [{ topic: wide, numPartitions: 4, replicationFactor: 3 }, { topic: plain }] })).resolves.toBe(true);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([wide, plain]));

    const { topics } = await admin.fetchTopicMetadata({ topics: [wide, plain] });
    const byName = new Map(topics.map((t) => [t.name, t]));
    const widePartitions = byName.get(wide)!.partitions;
    expect(widePartitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3]);
    for (const p of widePartitions) {
      expect([...p.replicas].sort()).toEqual([0, 1, 2]);
      expect(p.replicas[0]).toBe(p.leader);
    }
    expect(new Set(widePartitions.map((p) => p.leader)).size).toBe(3);
    // left out, partitions and replication factor take the broker defaults
    expect(byName.get(plain)!.partitions).toHaveLength(2);
    expect(byName.get(plain)!.partitions[0].replicas).toHaveLength(1);
  });

  it('answers false for a topic that exists, and validateOnly creates nothing', async () => {
    const topic = uniqueName('admin-exists');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await expect(admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })).resolves.toBe(false);
    expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions).toHaveLength(1);

    const checked = uniqueName('admin-validate');
    // waitForLeaders would ask Metadata for the topic, which auto-creates it (as on Kafka)
    await expect(admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic: checked, numPartitions: 2 }] })).resolves.toBe(true);
    expect(await admin.listTopics()).not.toContain(checked);
    // kafkajs turns TOPIC_ALREADY_EXISTS into false
    await expect(admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic, numPartitions: 2 }] })).resolves.toBe(false);
  });

  it('refuses bad topics with the error a user can act on', async () => {
    const attempt = (spec: Parameters<Admin['createTopics']>[0]['topics'][number]) => createTopicErrors(admin.createTopics({ topics: [spec] }));
    expect(await attempt({ topic: 'no spaces allowed' })).toEqual(['INVALID_TOPIC_EXCEPTION']);
    expect(await attempt({ topic: uniqueName('admin-rf'), replicationFactor: 4 })).toEqual(['INVALID_REPLICATION_FACTOR']);
    expect(await attempt({ topic: uniqueName('admin-zero'), numPartitions: 0 })).toEqual(['INVALID_PARTITIONS']);
    expect(await attempt({ topic: uniqueName('admin-cfg'), configEntries: [{ name: 'retention.mss', value: '1' }] })).toEqual(['INVALID_CONFIG']);
    expect(await attempt({ topic: uniqueName('admin-cfgval'), configEntries: [{ name: 'cleanup.policy', value: 'shred' }] })).toEqual(['INVALID_CONFIG']);
    // Manual assignments get Kafka's checks: not together with a count, only registered brokers, 0-based in order.
    expect(await attempt({ topic: uniqueName('admin-assign'), numPartitions: 2, replicaAssignment: [{ partition: 0, replicas: [0] }] })).toEqual(['INVALID_REQUEST']);
    expect(await attempt({ topic: uniqueName('admin-assign'), replicaAssignment: [{ partition: 0, replicas: [99] }] })).toEqual(['INVALID_REPLICA_ASSIGNMENT']);
    expect(await attempt({ topic: uniqueName('admin-assign'), replicaAssignment: [{ partition: 1, replicas: [0] }] })).toEqual(['INVALID_REPLICA_ASSIGNMENT']);
    const assigned = uniqueName('admin-assigned');
    expect(
      await attempt({
        topic: assigned,
        replicaAssignment: [
          { partition: 0, replicas: [0, 1] },
          { partition: 1, replicas: [1, 2] },
        ],
      }),
    ).toEqual([]);
    const [meta] = (await admin.fetchTopicMetadata({ topics: [assigned] })).topics;
    expect(meta.partitions.map((p) => p.replicas.length)).toEqual([2, 2]);

    const dotted = uniqueName('admin.dots');
    await admin.createTopics({ topics: [{ topic: dotted }] });
    expect(await attempt({ topic: dotted.replace('.', '_') })).toEqual(['INVALID_TOPIC_EXCEPTION']);
  });

  it('grows a topic with createPartitions and refuses to shrink it', async () => {
    const topic = uniqueName('admin-grow');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] });
    await admin.createPartitions({ validateOnly: true, topicPartitions: [{ topic, count: 5 }] });
    expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions).toHaveLength(3);
    expect(await rejectionType(admin.createPartitions({ topicPartitions: [{ topic, count: 2 }] }))).toBe('INVALID_PARTITIONS');

    await producer.send({ topic, messages: [{ partition: 2, value: 'into a new partition' }] });
    expect((await admin.fetchTopicOffsets(topic)).find((p) => p.partition === 2)).toMatchObject({ low: '0', high: '1' });
  });

  it('deletes topics; one re-created under the same name starts empty', async () => {
    const topic = uniqueName('admin-delete');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
    await admin.deleteTopics({ topics: [topic] });
    expect(await admin.listTopics()).not.toContain(topic);

    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    expect(await admin.fetchTopicOffsets(topic)).toEqual([{ partition: 0, offset: '0', high: '0', low: '0' }]);

    const impatient = kafkaFor(broker(), { retry: { retries: 0 } }).admin();
    await impatient.connect();
    try {
      expect(await rejectionType(impatient.deleteTopics({ topics: [uniqueName('admin-never')] }))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    } finally {
      await impatient.disconnect();
    }
  });

  it('reports low and high watermarks, and offsets by timestamp', async () => {
    const topic = uniqueName('admin-offsets');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const t0 = Date.now() - 60_000;
    for (let i = 0; i < 3; i++) {
      await producer.send({ topic, messages: [{ partition: 0, value: `m${i}`, timestamp: String(t0 + i * 1000) }] });
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '3', high: '3', low: '0' },
      { partition: 1, offset: '0', high: '0', low: '0' },
    ]);
    const at = async (ts: number) => (await admin.fetchTopicOffsetsByTimestamp(topic, ts)).find((p) => p.partition === 0)!.offset;
    expect(await at(t0 - 1)).toBe('0');
    expect(await at(t0 + 1000)).toBe('1');
    expect(await at(t0 + 1500)).toBe('2');
    expect(await at(Date.now() + 60_000)).toBe('3'); // none that late: kafkajs falls back to the high watermark

    // Inside one batch, compressed or not, the answer is the record, not the batch's start (as Kafka looks at records).
    for (const compression of [CompressionTypes.None, CompressionTypes.GZIP]) {
      await producer.send({ topic, compression, messages: [0, 1, 2].map((i) => ({ partition: 1, value: `b${i}`, timestamp: String(t0 + i * 1000) })) });
    }
    const inBatch = async (ts: number) => (await admin.fetchTopicOffsetsByTimestamp(topic, ts)).find((p) => p.partition === 1)!.offset;
    expect(await inBatch(t0 + 1000)).toBe('1');
    expect(await inBatch(t0 + 1500)).toBe('2');
    expect(await inBatch(t0 + 2000)).toBe('2');
  });

  it('deletes records below an offset, up to the high watermark with -1, and refuses beyond it', async () => {
    const topic = uniqueName('admin-records');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    for (let i = 0; i < 5; i++) {
      await producer.send({ topic, messages: [0, 1].map((partition) => ({ partition, value: `m${i}` })) });
    }
    // kafkajs looks the leaders up in metadata it already holds, so load it first
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({
      topic,
      partitions: [
        { partition: 0, offset: '3' },
        { partition: 1, offset: '-1' },
      ],
    });
    const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
    expect(offsets.map((p) => [p.low, p.high])).toEqual([
      ['3', '5'],
      ['5', '5'],
    ]);

    type RecordsError = { partitions?: { partition: number; error: { type: string } }[]; cause?: RecordsError };
    const err = (await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '6' }] }).then(
      () => null,
      (e: unknown) => e,
    )) as RecordsError | null;
    const partitions = (err?.partitions ?? err?.cause?.partitions)?.map((p) => [p.partition, p.error.type]);
    expect(partitions).toEqual([[0, 'OFFSET_OUT_OF_RANGE']]);
    expect((await admin.fetchTopicOffsets(topic)).find((p) => p.partition === 0)!.low).toBe('3');
  });

  it('answers NOT_CONTROLLER from nodes other than the controller, as Kafka does', async () => {
    const { controller } = await admin.describeCluster();
    const other = broker().nodes.find((n) => n.nodeId !== controller)!;
    const topic = uniqueName('admin-raw');
    const client = await RawClient.connect(`${other.host}:${other.port}`);
    try {
      const r = await client.request(ApiKey.CreateTopics, 1, (w) => {
        w.array([topic], (w, name) => w.string(name).int32(1).int16(1).int32(0).int32(0));
        w.int32(5000).bool(false);
      });
      expect(r.array((r) => [r.string(), r.int16(), r.nullableString()])[0].slice(0, 2)).toEqual([topic, ErrorCode.NOT_CONTROLLER]);
    } finally {
      client.close();
    }
    expect(await admin.listTopics()).not.toContain(topic);
  });
});

describe('topic deletion with a data directory', () => {
  it('forgets committed offsets of a deleted topic, also after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-broker-admin-'));
    const topic = uniqueName('admin-offsets-gone');
    const group = uniqueName('group');
    try {
      const first = await startBroker({ dataDir });
      const admin = kafkaFor(first).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      // committed the way the group coordinator does; this suite only drives admin requests
      first.cluster.groups.offsets.commit(group, topic, 0, 42, null);
      await admin.deleteTopics({ topics: [topic] });
      expect(first.cluster.groups.offsets.get(group, topic, 0)).toBeUndefined();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      await admin.disconnect();
      await first.close();

      const second = await startBroker({ dataDir });
      try {
        expect(second.cluster.groups.offsets.get(group, topic, 0)).toBeUndefined();
        expect(second.cluster.topics.get(topic)?.partitions).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
