import { cliJson, cliOk, eventually, readTable, runCli, testKafka, uniqueName, useBroker } from './cli-test-kit';

jest.setTimeout(120_000);

describe('kafka groups', () => {
  const broker = useBroker();

  it('lists groups and describes members, assignments, committed offsets and lag', async () => {
    const brokers = broker().bootstrapServers;
    const kafka = testKafka(broker());
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const clientId = uniqueName('payment-worker');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    const send = (partition: number, count: number) => producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition, value: `v${i}` })) });
    await send(0, 3);
    await send(1, 2);

    const member = testKafka(broker(), clientId).consumer({ groupId: group, maxWaitTimeInMs: 100 });
    try {
      await member.connect();
      await member.subscribe({ topics: [topic], fromBeginning: true });
      await member.run({ eachMessage: async () => undefined });
      await eventually(async () => {
        const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        return offsets.partitions
          .map((p) => p.offset)
          .sort()
          .join() === '2,3'
          ? true
          : undefined;
      }, 'the member committing everything');
      member.pause([{ topic }]);
      await send(1, 2);

      const [heading, members, offsets] = (await cliOk(['groups', 'describe', group], { brokers })).trim().split('\n\n');
      expect(heading).toBe(`Group ${group}: Stable, 1 member(s), assignor RoundRobinAssigner, total lag 2`);
      const [memberRow] = readTable(members);
      expect(memberRow).toMatchObject({ 'CLIENT ID': clientId, HOST: expect.stringContaining('127.0.0.1'), PARTITIONS: `${topic}[0,1]` });
      expect(readTable(offsets)).toEqual([
        { TOPIC: topic, PARTITION: '0', COMMITTED: '3', END: '3', LAG: '0', 'CLIENT ID': clientId },
        { TOPIC: topic, PARTITION: '1', COMMITTED: '2', END: '4', LAG: '2', 'CLIENT ID': clientId },
      ]);

      const described = await cliJson<{ members: { memberId: string }[] }>(['groups', 'describe', group], { brokers });
      const memberId = described.members[0]?.memberId;
      expect(described).toEqual({
        group,
        state: 'Stable',
        protocolType: 'consumer',
        protocol: 'RoundRobinAssigner',
        members: [{ memberId: expect.any(String), clientId, host: expect.stringContaining('127.0.0.1'), assignments: [{ topic, partitions: [0, 1] }] }],
        offsets: [
          { topic, partition: 0, committed: 3, end: 3, lag: 0, clientId, memberId },
          { topic, partition: 1, committed: 2, end: 4, lag: 2, clientId, memberId },
        ],
        totalLag: 2,
      });

      expect(readTable(await cliOk(['groups', 'list'], { brokers }))).toContainEqual({ GROUP: group, STATE: 'Stable', MEMBERS: '1', 'PROTOCOL TYPE': 'consumer' });
      expect((await cliJson<{ groups: unknown[] }>(['groups', 'list'], { brokers })).groups).toContainEqual({ group, state: 'Stable', protocolType: 'consumer', members: 1 });
    } finally {
      await member.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    }

    // Once the member has left, the committed offsets and the lag remain.
    const left = await cliJson<{ state: string; members: unknown[]; totalLag: number }>(['groups', 'describe', group], { brokers });
    expect(left).toMatchObject({ state: 'Empty', members: [], totalLag: 2 });
  });

  it('names a group it does not know', async () => {
    const group = uniqueName('nobody');
    const run = await runCli(['groups', 'describe', group], { brokers: broker().bootstrapServers });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: unknown group ${group}`);
  });
});
