import { Partitioners, PartitionMetadata } from 'kafkajs';
import { cliJson, cliOk, eventually, readTable, runCli, startCli, testKafka, uniqueName, useBroker } from './cli-test-kit';

jest.setTimeout(120_000);

interface RecordJson {
  partition: number;
  offset: number;
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
  valueFormat: string;
}

/** The partition the services' producer (kafkajs DefaultPartitioner, murmur2) picks for `key`. */
function partitionOf(topic: string, key: string, partitions: number): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
  return Partitioners.DefaultPartitioner()({ topic, partitionMetadata, message: { key, value: null } });
}

function jsonLines(stdout: string): RecordJson[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RecordJson);
}

describe('kafka produce and consume', () => {
  const broker = useBroker();

  it('produces with a key, headers and standard input, and consumes it back as rows and as JSON lines', async () => {
    const brokers = broker().bootstrapServers;
    const topic = uniqueName('orders');
    const admin = testKafka(broker()).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();

    const produced = await cliOk(['produce', topic, '--key', 'k1', '--header', 'a=1', '--header', 'b=x=y', '{"n":1}'], { brokers });
    const p1 = partitionOf(topic, 'k1', 3);
    expect(produced.trim()).toBe(`Produced to ${topic}[${p1}]@0`);
    const fromStdin = await cliJson(['produce', topic, '--key', 'k2', '-'], { brokers, input: 'plain text\n' });
    const p2 = partitionOf(topic, 'k2', 3);
    expect(fromStdin).toEqual({ topic, partition: p2, offset: p1 === p2 ? 1 : 0 });
    expect(await cliJson(['produce', topic, '--partition', '1', 'pinned'], { brokers })).toMatchObject({ partition: 1 });

    const lines = jsonLines(await cliOk(['consume', topic, '--from-beginning', '--max', '3', '--json'], { brokers }));
    const byKey = new Map(lines.map((l) => [l.key, l]));
    expect(lines).toHaveLength(3);
    expect(byKey.get('k1')).toMatchObject({ partition: p1, headers: { a: '1', b: 'x=y' }, value: { n: 1 }, valueFormat: 'json' });
    expect(byKey.get('k2')).toMatchObject({ partition: p2, headers: {}, value: 'plain text', valueFormat: 'text' });
    expect(byKey.get(null)).toMatchObject({ partition: 1, value: 'pinned', valueFormat: 'text' });

    const table = await cliOk(['consume', topic, '--from-beginning', '--max', '3'], { brokers });
    const rows = readTable(
      table
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('headers:'))
        .join('\n'),
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { PARTITION: String(p1), OFFSET: '0', TIMESTAMP: expect.stringMatching(/Z$/), KEY: 'k1', VALUE: '{"n":1}' },
        { PARTITION: String(p2), OFFSET: expect.any(String), TIMESTAMP: expect.stringMatching(/Z$/), KEY: 'k2', VALUE: 'plain text' },
      ]),
    );
    expect(table).toContain('headers: a=1, b=x=y');

    // The throw-away groups of these reads are gone.
    const listed = await cliJson<{ groups: { group: string }[] }>(['groups', 'list'], { brokers });
    expect(listed.groups.filter((g) => g.group.startsWith('kafka-cli.'))).toEqual([]);
  });

  it('consume --group commits exactly what it printed, and the next run goes on from there', async () => {
    const brokers = broker().bootstrapServers;
    const kafka = testKafka(broker());
    const topic = uniqueName('orders');
    const group = uniqueName('debugger');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: ['a', 'b', 'c', 'd', 'e'].map((value) => ({ value })) });
    await producer.disconnect();

    const first = jsonLines(await cliOk(['consume', topic, '--group', group, '--from-beginning', '--max', '2', '--json'], { brokers }));
    expect(first.map((r) => [r.offset, r.value])).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '2' })]);

    const rest = jsonLines(await cliOk(['consume', topic, '--group', group, '--timeout-ms', '1500', '--json'], { brokers }));
    expect(rest.map((r) => r.value)).toEqual(['c', 'd', 'e']);
    const [after] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(after.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '5' })]);
    await admin.disconnect();

    const none = await runCli(['consume', topic, '--group', group, '--timeout-ms', '1000'], { brokers });
    expect(none.code).toBe(0);
    expect(none.stdout.trim().split(/\s{2,}/)).toEqual(['PARTITION', 'OFFSET', 'TIMESTAMP', 'KEY', 'VALUE']);
    expect(none.stderr).toContain('0 record(s)');
  });

  it('consume runs until Ctrl-C, then leaves its group having committed what it printed', async () => {
    const brokers = broker().bootstrapServers;
    const kafka = testKafka(broker());
    const topic = uniqueName('orders');
    const group = uniqueName('tail');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'first', value: '1' }] });

    const tail = startCli(['consume', topic, '--group', group, '--from-beginning', '--json'], { brokers });
    await eventually(() => (tail.output.stdout.includes('"first"') ? true : undefined), 'the first record printed');
    await producer.send({ topic, messages: [{ key: 'second', value: '2' }] });
    await eventually(() => (tail.output.stdout.includes('"second"') ? true : undefined), 'a record sent while it runs');
    await producer.disconnect();
    tail.signal('SIGINT');
    const ended = await tail.exited;
    expect(ended.code).toBe(0);
    expect(jsonLines(ended.stdout).map((r) => r.key)).toEqual(['first', 'second']);

    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(committed.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '2' })]);
    const [described] = (await admin.describeGroups([group])).groups;
    expect(described.members).toEqual([]);
    await admin.disconnect();
  });

  it('refuses unknown topics and partitions without creating anything', async () => {
    const brokers = broker().bootstrapServers;
    const missing = uniqueName('missing');
    const produce = await runCli(['produce', missing, 'x'], { brokers });
    expect(produce.code).toBe(1);
    expect(produce.stderr).toContain(`error: unknown topic ${missing}`);
    const consume = await runCli(['consume', missing, '--max', '1', '--json'], { brokers });
    expect(consume.code).toBe(1);
    expect(JSON.parse(consume.stderr)).toMatchObject({ error: { code: 'CLI.UNKNOWN_TOPIC' } });

    const topic = uniqueName('orders');
    await cliOk(['topics', 'create', topic, '--partitions', '2'], { brokers });
    const badPartition = await runCli(['produce', topic, '--partition', '5', 'x'], { brokers });
    expect(badPartition.code).toBe(1);
    expect(badPartition.stderr).toContain(`topic ${topic} has no partition 5`);
    expect((await cliJson<{ topics: { name: string }[] }>(['topics', 'list'], { brokers })).topics.map((t) => t.name)).toEqual([topic]);
  });
});
