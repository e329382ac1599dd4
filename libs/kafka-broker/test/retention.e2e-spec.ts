import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Admin, ConfigResourceTypes, Producer } from 'kafkajs';
import { RunningBroker, startBroker } from '../src';
import { kafkaFor, uniqueName, useBroker } from './helpers';

const HOUR = 3_600_000;
/** Values this size make every single-record batch a little over 1 KiB. */
const VALUE = 'x'.repeat(1000);

/** Sends each message as its own batch, with the given age. */
async function sendAged(producer: Producer, topic: string, ages: number[]): Promise<void> {
  for (const age of ages) {
    await producer.send({ topic, messages: [{ partition: 0, value: VALUE, timestamp: String(Date.now() - age) }] });
  }
}

async function watermarks(admin: Admin, topic: string): Promise<[string, string]> {
  const [p] = await admin.fetchTopicOffsets(topic);
  return [p.low, p.high];
}

/** What librdkafka reads when it starts from offset 0: the broker moves it to the log start. */
async function kcatOffsetsFromZero(broker: RunningBroker, topic: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)(
    'kcat',
    ['-b', broker.bootstrapServers, '-C', '-t', topic, '-p', '0', '-o', '0', '-e', '-q', '-X', 'auto.offset.reset=earliest', '-f', '%o\n'],
    { timeout: 30_000 },
  );
  return stdout.split('\n').filter(Boolean).map(Number);
}

describe('retention in memory', () => {
  const broker = useBroker();
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    const kafka = kafkaFor(broker());
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(() => Promise.all([admin.disconnect(), producer.disconnect()]));

  it('drops records older than retention.ms, and follows a lowered retention.ms', async () => {
    const topic = uniqueName('retention-time');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(HOUR) }] }] });
    await sendAged(producer, topic, [2 * HOUR, 2 * HOUR, 2 * HOUR, 10 * 60_000, 10 * 60_000, 0]);
    broker().cluster.maintain();
    expect(await watermarks(admin, topic)).toEqual(['3', '6']);

    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });
    broker().cluster.maintain();
    expect(await watermarks(admin, topic)).toEqual(['5', '6']);
    expect(await kcatOffsetsFromZero(broker(), topic)).toEqual([5]);
  });

  it('keeps retention.bytes worth of the newest records', async () => {
    const topic = uniqueName('retention-size');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.bytes', value: '3500' }] }] });
    await sendAged(producer, topic, Array<number>(10).fill(0));
    broker().cluster.maintain();
    // ~1.07 KB batches: four are the fewest holding 3500 bytes, as Kafka keeps at least retention.bytes
    expect(await watermarks(admin, topic)).toEqual(['6', '10']);
  });

  it('leaves topics alone under the defaults and with retention.ms -1', async () => {
    const kept = uniqueName('retention-forever');
    const defaults = uniqueName('retention-default');
    await admin.createTopics({
      topics: [
        { topic: kept, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
        { topic: defaults, numPartitions: 1 },
      ],
    });
    await sendAged(producer, kept, [1000 * HOUR, 0]);
    await sendAged(producer, defaults, [HOUR, 0]);
    broker().cluster.maintain();
    expect(await watermarks(admin, kept)).toEqual(['0', '2']);
    expect(await watermarks(admin, defaults)).toEqual(['0', '2']);
  });
});

describe('retention with a data directory', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-broker-retention-'));
  });

  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Runs `fn` against a broker on `dataDir`, then closes it. */
  async function withBroker<T>(fn: (b: RunningBroker, admin: Admin, producer: Producer) => Promise<T>): Promise<T> {
    const b = await startBroker({ dataDir });
    const kafka = kafkaFor(b);
    const admin = kafka.admin();
    const producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    try {
      return await fn(b, admin, producer);
    } finally {
      await Promise.all([admin.disconnect(), producer.disconnect()]);
      await b.close();
    }
  }

  const segmentFiles = (topic: string): string[] =>
    fs
      .readdirSync(path.join(dataDir, 'topics', `${topic}-0`))
      .filter((f) => f.endsWith('.log'))
      .sort();

  it('deletes whole segment files below the new start offset, which survives a restart', async () => {
    const topic = uniqueName('retention-disk');
    await withBroker(async (b, admin, producer) => {
      await admin.createTopics({
        topics: [
          {
            topic,
            numPartitions: 1,
            configEntries: [
              { name: 'retention.ms', value: String(HOUR) },
              { name: 'segment.bytes', value: '1024' },
            ],
          },
        ],
      });
      await sendAged(producer, topic, [2 * HOUR, 2 * HOUR, 2 * HOUR, 2 * HOUR, 0, 0]);
      expect(segmentFiles(topic)).toHaveLength(6); // each ~1 KiB batch fills a 1 KiB segment
      b.cluster.maintain();
      expect(await watermarks(admin, topic)).toEqual(['4', '6']);
    });
    expect(segmentFiles(topic)).toEqual(['00000000000000000004.log', '00000000000000000005.log']);

    await withBroker(async (b, admin, producer) => {
      expect(await watermarks(admin, topic)).toEqual(['4', '6']);
      const [sent] = await producer.send({ topic, messages: [{ partition: 0, value: 'after restart' }] });
      expect(sent.baseOffset).toBe('6');
      expect(await kcatOffsetsFromZero(b, topic)).toEqual([4, 5, 6]);
    });
  });

  it('empties a fully expired partition, and numbering continues after a restart', async () => {
    const topic = uniqueName('retention-empty');
    await withBroker(async (b, admin, producer) => {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(HOUR) }] }] });
      await sendAged(producer, topic, [2 * HOUR, 2 * HOUR, 2 * HOUR]);
      b.cluster.maintain();
      expect(await watermarks(admin, topic)).toEqual(['3', '3']);
    });
    expect(segmentFiles(topic)).toEqual(['00000000000000000003.log']);

    await withBroker(async (_b, admin, producer) => {
      expect(await watermarks(admin, topic)).toEqual(['3', '3']);
      const [sent] = await producer.send({ topic, messages: [{ partition: 0, value: 'after restart' }] });
      expect(sent.baseOffset).toBe('3');
      expect(await watermarks(admin, topic)).toEqual(['3', '4']);
    });
  });
});
