import { describeOnEmbedded } from '../../../test/support/test-broker';
import { cliJson, cliOk, readTable, runCli, testKafka, uniqueName, useBroker } from './cli-test-kit';

jest.setTimeout(120_000);

// Embedded-only: its topics are replicated over three nodes; the Apache tier runs one.
describeOnEmbedded('kafka topics', () => {
  const broker = useBroker({ nodes: 3 });

  it('creates, lists and describes topics, as tables and as JSON', async () => {
    const brokers = broker().bootstrapServers;
    const orders = uniqueName('orders');
    const payments = uniqueName('payments');

    const created = await cliOk(['topics', 'create', orders, '--partitions', '3', '--config', 'retention.ms=3600000', '--config', 'cleanup.policy=delete'], { brokers });
    expect(created.trim()).toBe(`Created topic ${orders}: 3 partition(s), replication factor 1, retention.ms=3600000, cleanup.policy=delete.`);
    expect(await cliJson(['topics', 'create', payments, '--partitions', '2', '--replication-factor', '1'], { brokers })).toEqual({
      topic: payments,
      partitions: 2,
      replicationFactor: 1,
      configs: {},
    });

    const kafka = testKafka(broker());
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: orders,
      messages: [
        { partition: 0, value: 'a' },
        { partition: 0, value: 'b' },
        { partition: 2, value: 'c' },
      ],
    });
    await producer.disconnect();

    const listed = readTable(await cliOk(['topics', 'list'], { brokers }));
    expect(listed).toEqual(
      expect.arrayContaining([
        { TOPIC: orders, PARTITIONS: '3', REPLICATION: '1' },
        { TOPIC: payments, PARTITIONS: '2', REPLICATION: '1' },
      ]),
    );
    expect((await cliJson<{ topics: unknown[] }>(['topics', 'list'], { brokers })).topics).toEqual(
      expect.arrayContaining([
        { name: orders, partitions: 3, replicationFactor: 1 },
        { name: payments, partitions: 2, replicationFactor: 1 },
      ]),
    );

    // Leaders are spread over the 3 nodes; the CLI must report the broker's own answer.
    const admin = kafka.admin();
    await admin.connect();
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [orders] })).topics;
    await admin.disconnect();
    const leaderOf = (partition: number): number => metadata.partitions.find((p) => p.partitionId === partition)?.leader ?? -1;
    expect(new Set([0, 1, 2].map(leaderOf)).size).toBeGreaterThan(1);

    const [heading, table] = (await cliOk(['topics', 'describe', orders], { brokers })).trim().split('\n\n');
    expect(heading).toBe(`Topic ${orders}: 3 partition(s), 3 message(s); configs cleanup.policy=delete, retention.ms=3600000`);
    expect(readTable(table)).toEqual(
      [0, 1, 2].map((p) => ({
        PARTITION: String(p),
        LEADER: String(leaderOf(p)),
        REPLICAS: String(leaderOf(p)),
        ISR: String(leaderOf(p)),
        LOW: '0',
        HIGH: ['2', '0', '1'][p],
        MESSAGES: ['2', '0', '1'][p],
      })),
    );
    expect(await cliJson(['topics', 'describe', orders], { brokers })).toEqual({
      topic: orders,
      messages: 3,
      partitions: [0, 1, 2].map((p) => ({ partition: p, leader: leaderOf(p), replicas: [leaderOf(p)], isr: [leaderOf(p)], low: 0, high: [2, 0, 1][p], messages: [2, 0, 1][p] })),
      configs: { 'cleanup.policy': 'delete', 'retention.ms': '3600000' },
    });
  });

  it('refuses an existing topic and an illegal name, and names a topic it cannot describe', async () => {
    const brokers = broker().bootstrapServers;
    const topic = uniqueName('orders');
    await cliOk(['topics', 'create', topic, '--partitions', '1'], { brokers });

    const again = await runCli(['topics', 'create', topic, '--partitions', '1'], { brokers });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`error: topic ${topic} already exists`);

    const illegal = await runCli(['topics', 'create', 'no spaces/allowed', '--partitions', '1'], { brokers });
    expect(illegal.code).toBe(2);
    expect(illegal.stderr).toContain('is not a legal topic name');

    const missing = uniqueName('missing');
    const unknown = await runCli(['topics', 'describe', missing], { brokers });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`error: unknown topic ${missing}`);
    const unknownJson = await runCli(['topics', 'describe', missing, '--json'], { brokers });
    expect(unknownJson.code).toBe(1);
    expect(JSON.parse(unknownJson.stderr)).toMatchObject({ error: { code: 'CLI.UNKNOWN_TOPIC', message: `unknown topic ${missing}` } });
    expect(unknownJson.stdout).toBe('');

    // Describing never creates the topic, even on a broker that auto-creates topics.
    expect((await cliJson<{ topics: { name: string }[] }>(['topics', 'list'], { brokers })).topics.map((t) => t.name)).not.toContain(missing);
  });
});
