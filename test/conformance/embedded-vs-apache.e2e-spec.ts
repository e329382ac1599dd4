import { randomBytes } from 'node:crypto';
import { Admin, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { createKafkajs } from '@app/kafka/client/kafkajs-codecs';
import { RunningBroker, startBroker } from '@app/kafka-broker';
import { APACHE_BROKERS_ENV } from '../support/apache-kafka-env';
import { onApacheKafka, startTestBroker } from '../support/test-broker';

/**
 * Differential conformance: each scenario runs against the embedded broker and against Apache Kafka with the same
 * client, and what the client observes (offsets, high watermarks, error codes, group states, committed offsets,
 * ListOffsets by timestamp, read_committed visibility, topic configs, the four codecs) must be equal. A difference is
 * either fixed in the broker or listed in KNOWN with its reason (and in libs/kafka-broker/README.md, "Known
 * differences"); an unlisted one fails, and so does a listed one that has gone away.
 *
 * It needs Apache Kafka: it runs in `npm run test:apache` (which starts the node), and is skipped elsewhere.
 */
const describeBoth = onApacheKafka ? describe : describe.skip;

/** Where an observation may differ: scenario id -> the field's path and why. Each must still differ, or the entry goes. */
const KNOWN: Readonly<Record<string, readonly { path: readonly string[]; reason: string }[]>> = {
  'topic configs as DescribeConfigs shows them': [
    {
      path: ['min.insync.replicas', 'isDefault'],
      reason: 'Kafka 4 (KIP-966, eligible leader replicas) stores min.insync.replicas as a cluster-level dynamic config when the cluster is formatted, so it is not a default there',
    },
  ],
};

/** Removes the field at `path` from `observation` and returns its value. */
function take(observation: unknown, path: readonly string[]): unknown {
  let parent = observation as Record<string, unknown> | undefined;
  for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
  const last = path[path.length - 1];
  const value = parent?.[last];
  if (parent !== undefined) delete parent[last];
  return value;
}

type Observation = unknown;
type Scenario = (kafka: Kafka, admin: Admin, name: (prefix: string) => string) => Promise<Observation>;

/** The error type a kafkajs call rejects with (unwrapping its retries and aggregates), or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    const e = error as { type?: string; cause?: { type?: string }; originalError?: { type?: string }; errors?: { type?: string }[] };
    return e.errors?.[0]?.type ?? e.type ?? e.cause?.type ?? e.originalError?.type ?? (error as Error).name;
  }
}

async function consumeAll(kafka: Kafka, topic: string, count: number, isolation: 'read_committed' | 'read_uncommitted', waitMs = 8000): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}`, readUncommitted: isolation === 'read_uncommitted', maxWaitTimeInMs: 100 });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.push(`${partition}:${message.offset}:${message.key?.toString()}=${message.value?.toString()}`);
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen.sort();
}

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'offsets and high watermarks': async (kafka, admin, name) => {
    const topic = name('offsets');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    const producer = kafka.producer();
    await producer.connect();
    const acks = [];
    for (let i = 0; i < 5; i++) acks.push((await producer.send({ topic, acks: -1, messages: [{ key: `k${i}`, value: `v${i}`, partition: i % 2 }] }))[0]);
    await producer.disconnect();
    const offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
    return { acks: acks.map((a) => [a.partition, a.baseOffset]), offsets: offsets.map((o) => [o.partition, o.low, o.high]) };
  },

  'error codes for bad requests': async (kafka, admin, name) => {
    const topic = name('errors');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }] });
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const tooLarge = await outcome(producer.send({ topic, acks: -1, messages: [{ value: Buffer.alloc(5000, 1) }] }));
    await producer.disconnect();
    return {
      invalidName: await outcome(admin.createTopics({ topics: [{ topic: 'bad name!' }] })),
      duplicate: await admin.createTopics({ topics: [{ topic }] }),
      zeroPartitions: await outcome(admin.createTopics({ topics: [{ topic: name('zero'), numPartitions: 0 }] })),
      replicationTooHigh: await outcome(admin.createTopics({ topics: [{ topic: name('rf'), replicationFactor: 4 }] })),
      unknownConfig: await outcome(admin.createTopics({ topics: [{ topic: name('cfg'), configEntries: [{ name: 'retention.mss', value: '1' }] }] })),
      shrink: await outcome(admin.createPartitions({ topicPartitions: [{ topic, count: 1 }] })),
      tooLarge,
      deleteUnknown: await outcome(admin.deleteTopics({ topics: [name('never-created')], timeout: 5000 })),
    };
  },

  'consumer group states and committed offsets': async (kafka, admin, name) => {
    const topic = name('groups');
    const groupId = name('group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    const unknown = (await admin.describeGroups([name('nobody')])).groups[0];
    const unknownOffsets = await admin.fetchOffsets({ groupId: name('nobody'), topics: [topic] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { value: 'a', partition: 0 },
        { value: 'b', partition: 0 },
        { value: 'c', partition: 1 },
      ],
    });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    await new Promise<void>((resolve) => void consumer.run({ autoCommit: true, eachMessage: async () => void (++consumed === 3 && resolve()) }));
    const stable = (await admin.describeGroups([groupId])).groups[0];
    await consumer.disconnect();
    const empty = (await admin.describeGroups([groupId])).groups[0];
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions.sort((a, b) => a.partition - b.partition);
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
    const afterSet = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions.find((p) => p.partition === 0)?.offset;
    const deleted = await outcome(admin.deleteGroups([groupId]));
    return {
      unknown: { state: unknown.state, members: unknown.members.length },
      unknownOffsets: unknownOffsets[0].partitions.map((p) => p.offset),
      stable: { state: stable.state, protocolType: stable.protocolType, members: stable.members.length },
      empty: { state: empty.state, members: empty.members.length },
      committed: committed.map((p) => [p.partition, p.offset]),
      afterSet,
      deleted,
      gone: (await admin.describeGroups([groupId])).groups[0].state,
    };
  },

  'ListOffsets by timestamp': async (kafka, admin, name) => {
    const topic = name('times');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const base = Date.now() - 60_000;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [0, 10_000, 20_000].map((d, i) => ({ value: `t${i}`, timestamp: String(base + d) })) });
    await producer.disconnect();
    const at = async (ts: number) => (await admin.fetchTopicOffsetsByTimestamp(topic, ts))[0].offset;
    return { before: await at(base - 1), exact: await at(base + 10_000), between: await at(base + 15_000), after: await at(base + 30_000) };
  },

  'transactions and read_committed': async (kafka, admin, name) => {
    const topic = name('txn');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer({ transactionalId: name('txn-id'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'a', value: 'aborted' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ key: 'c', value: 'committed' }] });
    await committed.commit();
    await producer.disconnect();
    const offsets = (await admin.fetchTopicOffsets(topic))[0];
    return {
      high: offsets.high,
      readCommitted: await consumeAll(kafka, topic, 1, 'read_committed', 4000),
      readUncommitted: await consumeAll(kafka, topic, 2, 'read_uncommitted', 4000),
    };
  },

  'topic configs as DescribeConfigs shows them': async (_kafka, admin, name) => {
    const topic = name('configs');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic, configNames: ['retention.ms', 'cleanup.policy', 'max.message.bytes', 'segment.bytes', 'min.insync.replicas'] }],
    });
    return Object.fromEntries(described.resources[0].configEntries.map((c) => [c.configName, { value: c.configValue, isDefault: c.isDefault }]).sort());
  },

  'the four compression codecs': async (kafka, admin, name) => {
    const topic = name('codecs');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    for (const [codec, compression] of [
      ['gzip', CompressionTypes.GZIP],
      ['snappy', CompressionTypes.Snappy],
      ['lz4', CompressionTypes.LZ4],
      ['zstd', CompressionTypes.ZSTD],
    ] as const) {
      await producer.send({
        topic,
        compression,
        messages: [
          { key: codec, value: `${codec} `.repeat(50) },
          { key: codec, value: 'second' },
        ],
      });
    }
    await producer.disconnect();
    return consumeAll(kafka, topic, 8, 'read_uncommitted');
  },
};

jest.setTimeout(120_000);

describeBoth('the embedded broker answers as Apache Kafka does (differential conformance)', () => {
  let embedded: RunningBroker;
  const clients: { kafka: Kafka; admin: Admin }[] = [];

  const connect = async (brokers: string): Promise<{ kafka: Kafka; admin: Admin }> => {
    const kafka = createKafkajs({ clientId: 'conformance', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
    const admin = kafka.admin();
    await admin.connect();
    const client = { kafka, admin };
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    embedded = await startBroker({ port: 0 });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.admin.disconnect()));
    // The tier's Apache Kafka node is shared by every suite: closing its handle leaves it empty for the next one.
    await (await startTestBroker()).close();
  });

  afterAll(async () => {
    await embedded?.close();
  });

  it.each(Object.keys(SCENARIOS))('%s', async (id) => {
    const suffix = randomBytes(4).toString('hex');
    const name = (prefix: string) => `conf-${prefix}-${suffix}`;
    const apache = process.env[APACHE_BROKERS_ENV];
    if (!apache) throw new Error(`${APACHE_BROKERS_ENV} is not set: run npm run test:apache`);
    const mine = await connect(embedded.bootstrapServers);
    const onEmbedded = await SCENARIOS[id](mine.kafka, mine.admin, name);
    const theirs = await connect(apache);
    const onApache = await SCENARIOS[id](theirs.kafka, theirs.admin, name);
    for (const { path } of KNOWN[id] ?? []) {
      const [mine, theirs] = [take(onEmbedded, path), take(onApache, path)];
      expect({ path, stillDifferent: JSON.stringify(mine) !== JSON.stringify(theirs) }).toEqual({ path, stillDifferent: true });
    }
    expect(onEmbedded).toEqual(onApache);
  });
});
