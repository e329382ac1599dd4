import type { Admin, Kafka } from 'kafkajs';
import { cliJson, cliOk, eventually, readTable, runCli, testKafka, uniqueName, useBroker } from './cli-test-kit';

jest.setTimeout(120_000);

async function committed(admin: Admin, group: string, topic: string): Promise<Record<number, number>> {
  const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return Object.fromEntries((entry?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
}

/** A consumer of `group` that records the values it reads. */
async function startReader(kafka: Kafka, group: string, topic: string): Promise<{ values: string[]; stop: () => Promise<void> }> {
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value?.toString() ?? '') });
  return { values, stop: () => consumer.disconnect() };
}

describe('kafka offsets reset', () => {
  const broker = useBroker();

  it('is refused while a consumer is in the group, and replays everything once it has left', async () => {
    const brokers = broker().bootstrapServers;
    const kafka = testKafka(broker());
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: ['a', 'b', 'c', 'd'].map((value, i) => ({ partition: i % 2, value })) });
    await producer.disconnect();

    const first = await startReader(kafka, group, topic);
    await eventually(async () => ((await committed(admin, group, topic))[0] === 2 && (await committed(admin, group, topic))[1] === 2 ? true : undefined), 'the first reader committing all');

    const refused = await runCli(['offsets', 'reset', group, '--topic', topic, '--to-earliest'], { brokers });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: group ${group} is Stable with 1 active member(s)`);
    expect(refused.stderr).toContain("hint: stop the group's consumers first");
    const refusedJson = await runCli(['offsets', 'reset', group, '--topic', topic, '--to-earliest', '--json'], { brokers });
    expect(refusedJson.code).toBe(1);
    expect(JSON.parse(refusedJson.stderr)).toMatchObject({ error: { code: 'CLI.GROUP_ACTIVE' } });

    // A dry run shows the plan even now, and changes nothing.
    const [heading, table] = (await cliOk(['offsets', 'reset', group, '--topic', topic, '--to-earliest', '--dry-run'], { brokers })).trim().split('\n\n');
    expect(heading).toBe(`Dry run: would reset group ${group} on ${topic} to earliest (group Stable; nothing changed)`);
    expect(readTable(table)).toEqual([
      { PARTITION: '0', CURRENT: '2', NEW: '0', LOW: '0', HIGH: '2' },
      { PARTITION: '1', CURRENT: '2', NEW: '0', LOW: '0', HIGH: '2' },
    ]);
    expect(await committed(admin, group, topic)).toEqual({ 0: 2, 1: 2 });
    expect(first.values.sort()).toEqual(['a', 'b', 'c', 'd']);

    await first.stop();
    const [done, doneTable] = (await cliOk(['offsets', 'reset', group, '--topic', topic, '--to-earliest'], { brokers })).trim().split('\n\n');
    expect(done).toBe(`Reset group ${group} on ${topic} to earliest; its consumers start from these offsets`);
    expect(readTable(doneTable).map((row) => row.NEW)).toEqual(['0', '0']);
    expect(await committed(admin, group, topic)).toEqual({ 0: 0, 1: 0 });

    const second = await startReader(kafka, group, topic);
    try {
      await eventually(() => (second.values.length >= 4 ? true : undefined), 'the group reading everything again');
      expect(second.values.sort()).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await second.stop();
      await admin.disconnect();
    }
  });

  it('moves to a time, to an offset of one partition or to the end, and reports the plan as JSON', async () => {
    const brokers = broker().bootstrapServers;
    const kafka = testKafka(broker());
    const topic = uniqueName('orders');
    const group = uniqueName('analytics');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    const t0 = Date.parse('2024-05-01T12:00:00.000Z');
    // One batch per record: the embedded broker looks times up per batch (its ListOffsets says so), Kafka per record.
    for (const i of [0, 1, 2]) await producer.send({ topic, messages: [{ partition: 0, value: `m${i}`, timestamp: String(t0 + i * 60_000) }] });
    await producer.send({ topic, messages: [{ partition: 1, value: 'late', timestamp: String(t0 + 10 * 60_000) }] });
    await producer.disconnect();

    expect(await cliJson(['offsets', 'reset', group, '--topic', topic, '--to-timestamp', '2024-05-01T12:01:00Z'], { brokers })).toEqual({
      group,
      topic,
      target: { kind: 'timestamp', timestamp: '2024-05-01T12:01:00.000Z' },
      state: 'Dead',
      dryRun: false,
      partitions: [
        { partition: 0, current: null, target: 1, low: 0, high: 3 },
        { partition: 1, current: null, target: 0, low: 0, high: 1 },
      ],
    });
    expect(await committed(admin, group, topic)).toEqual({ 0: 1, 1: 0 });

    const byMs = await cliJson<{ partitions: { target: number }[] }>(['offsets', 'reset', group, '--topic', topic, '--to-timestamp', String(t0 + 3 * 60_000)], { brokers });
    expect(byMs.partitions.map((p) => p.target)).toEqual([3, 0]);

    const oneOffset = await cliJson<{ partitions: unknown[] }>(['offsets', 'reset', group, '--topic', topic, '--to-offset', '99', '--partition', '0'], { brokers });
    expect(oneOffset.partitions).toEqual([{ partition: 0, current: 3, target: 3, low: 0, high: 3 }]);
    await cliOk(['offsets', 'reset', group, '--topic', topic, '--to-offset', '1', '--partition', '0'], { brokers });
    expect(await committed(admin, group, topic)).toEqual({ 0: 1, 1: 0 });

    await cliOk(['offsets', 'reset', group, '--topic', topic, '--to-latest'], { brokers });
    expect(await committed(admin, group, topic)).toEqual({ 0: 3, 1: 1 });
    await admin.disconnect();

    const twoTargets = await runCli(['offsets', 'reset', group, '--topic', topic, '--to-earliest', '--to-latest'], { brokers });
    expect(twoTargets.code).toBe(2);
    expect(twoTargets.stderr).toContain('give exactly one of --to-earliest, --to-latest, --to-timestamp, --to-offset');
    const badTime = await runCli(['offsets', 'reset', group, '--topic', topic, '--to-timestamp', 'yesterday'], { brokers });
    expect(badTime.code).toBe(2);
    const noTopic = await runCli(['offsets', 'reset', group, '--topic', uniqueName('missing'), '--to-earliest'], { brokers });
    expect(noTopic.code).toBe(1);
    expect(noTopic.stderr).toContain('unknown topic');
  });
});
