import { Admin, AssignerProtocol, Consumer, Kafka, Producer } from 'kafkajs';
import { ApiKey, ErrorCode } from '../src';
import { eventually, kafkaFor, uniqueName, useBroker } from './helpers';

/** kafkajs admin against consumer groups: list, describe (every state), delete, fetch offsets. */
describe('consumer group administration', () => {
  // The initial delay holds a new group in PreparingRebalance long enough to be seen there.
  const broker = useBroker({ nodes: 2, groupInitialRebalanceDelayMs: 1_500 });
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const running: Consumer[] = [];

  beforeAll(async () => {
    kafka = kafkaFor(broker());
    admin = kafka.admin();
    producer = kafka.producer();
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.disconnect()));
  });
  afterAll(() => Promise.all([admin.disconnect(), producer.disconnect()]));

  async function topicWith(partitions: number, records: number): Promise<string> {
    const topic = uniqueName('admin-groups');
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
    const messages = Array.from({ length: records }, (_, i) => ({ partition: i % partitions, value: `r${i}` }));
    await producer.send({ topic, messages });
    return topic;
  }

  /** A running consumer; `started` settles once kafkajs has joined and synced the group. */
  async function startConsumer(groupId: string, topic: string, onRecord: () => void = () => undefined): Promise<{ consumer: Consumer; started: Promise<void> }> {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    running.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return { consumer, started: consumer.run({ eachMessage: async () => onRecord() }) };
  }

  const stateOf = async (groupId: string) => (await admin.describeGroups([groupId])).groups[0].state;
  const reaches = (groupId: string, state: string) => eventually(async () => ((await stateOf(groupId)) === state ? state : undefined), 20_000, `group ${groupId} ${state}`);

  it('describes a group through every state, with its members once Stable', async () => {
    const topic = await topicWith(2, 0);
    const groupId = uniqueName('states');
    expect(await stateOf(groupId)).toBe('Dead');
    // hold the leader's SyncGroup back so that CompletingRebalance lasts long enough to be seen
    broker().faults.add({ apiKey: ApiKey.SyncGroup, action: { kind: 'delay', ms: 1_500 }, times: 1 });
    const { consumer, started } = await startConsumer(groupId, topic);
    await reaches(groupId, 'PreparingRebalance');
    await reaches(groupId, 'CompletingRebalance');
    await started;
    await reaches(groupId, 'Stable');

    const [group] = (await admin.describeGroups([groupId])).groups;
    expect(group).toMatchObject({ groupId, protocolType: 'consumer', protocol: 'RoundRobinAssigner', errorCode: ErrorCode.NONE });
    expect(group.members).toHaveLength(1);
    const [member] = group.members;
    expect(member.clientHost).toBe('/127.0.0.1');
    expect(member.clientId).toMatch(/^test-/);
    expect(AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.topics).toEqual([topic]);
    expect(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment).toEqual({ [topic]: [0, 1] });

    await consumer.disconnect();
    await reaches(groupId, 'Empty');
  });

  it('lists groups across the nodes that coordinate them, offset-only groups included', async () => {
    const topic = await topicWith(1, 1);
    const onNode = (nodeId: number) => {
      let id: string;
      do id = uniqueName(`listed-${nodeId}`);
      while (broker().cluster.coordinatorFor(id).nodeId !== nodeId);
      return id;
    };
    const live = [onNode(0), onNode(1)];
    for (const groupId of live) await (await startConsumer(groupId, topic)).started;
    // as a simple consumer (or a transactional producer) would leave it: offsets, no members
    const offsetsOnly = uniqueName('offsets-only');
    broker().cluster.groups.offsets.commit(offsetsOnly, topic, 0, 1, null);

    const { groups } = await admin.listGroups();
    expect(groups).toEqual(
      expect.arrayContaining([
        { groupId: live[0], protocolType: 'consumer' },
        { groupId: live[1], protocolType: 'consumer' },
        { groupId: offsetsOnly, protocolType: '' },
      ]),
    );
    expect(await stateOf(offsetsOnly)).toBe('Empty');
  });

  it('fetches committed offsets, -1 where nothing was committed', async () => {
    const topic = await topicWith(3, 9);
    const groupId = uniqueName('fetch');
    let seen = 0;
    await (
      await startConsumer(groupId, topic, () => void seen++)
    ).started;
    await eventually(() => (seen >= 9 ? true : undefined));
    const offsets = await eventually(async () => {
      const [res] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return res.partitions.every((p) => p.offset === '3') ? res : undefined;
    });
    expect(offsets.partitions.map((p) => p.partition).sort()).toEqual([0, 1, 2]);

    const [unknown] = await admin.fetchOffsets({ groupId: uniqueName('never-committed'), topics: [topic] });
    expect(unknown.partitions.map((p) => p.offset)).toEqual(['-1', '-1', '-1']);
  });

  it('refuses to delete a group with members, then deletes it and its offsets', async () => {
    const topic = await topicWith(1, 3);
    const groupId = uniqueName('delete');
    let seen = 0;
    const { consumer, started } = await startConsumer(groupId, topic, () => void seen++);
    await started;
    await eventually(() => (seen >= 3 ? true : undefined));
    await eventually(async () => ((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset === '3' ? true : undefined));

    await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({
      groups: [expect.objectContaining({ groupId, errorCode: ErrorCode.NON_EMPTY_GROUP })],
    });
    await consumer.disconnect();
    await reaches(groupId, 'Empty');

    expect(await admin.deleteGroups([groupId])).toEqual([expect.objectContaining({ groupId, errorCode: ErrorCode.NONE })]);
    expect(await stateOf(groupId)).toBe('Dead');
    expect((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset).toBe('-1');
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
    await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({
      groups: [expect.objectContaining({ groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND })],
    });
  });
});
