import { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { eventually, kafkaFor, uniqueName, useBroker } from './helpers';

/**
 * Where a kafkajs consumer group starts reading: committed offsets, seek, offsets set or reset
 * by an admin while the group is empty, and fromBeginning vs latest for a new group.
 */
describe.each([1, 3])('committed offsets and replay (%i-node cluster)', (nodes) => {
  const broker = useBroker({ nodes });
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

  async function topicWith(count: number): Promise<string> {
    const topic = uniqueName('replay');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await send(topic, 0, count);
    return topic;
  }

  async function send(topic: string, from: number, count: number): Promise<void> {
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ value: `v${from + i}` })) });
  }

  /** A running consumer and the values it has received, in order. */
  async function consume(topic: string, groupId: string, fromBeginning: boolean): Promise<{ consumer: Consumer; values: string[]; fetched: Promise<void> }> {
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    running.push(consumer);
    const values: string[] = [];
    const fetched = new Promise<void>((resolve) => consumer.on(consumer.events.FETCH, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
    return { consumer, values, fetched };
  }

  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `v${from + i}`);
  const received = (values: string[], n: number) => eventually(() => (values.length >= n ? values.slice() : undefined), 20_000, `${n} records`);

  async function committed(groupId: string, topic: string): Promise<string> {
    const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return partitions[0].offset;
  }

  it('resumes a group from its committed offset, not from the beginning', async () => {
    const topic = await topicWith(10);
    const groupId = uniqueName('resume');
    const first = await consume(topic, groupId, true);
    expect(await received(first.values, 10)).toEqual(range(0, 10));
    await eventually(async () => ((await committed(groupId, topic)) === '10' ? true : undefined));
    await first.consumer.disconnect();

    await send(topic, 10, 5);
    const second = await consume(topic, groupId, true);
    expect(await received(second.values, 5)).toEqual(range(10, 15));
  });

  it('replays from an earlier offset after seek', async () => {
    const topic = await topicWith(10);
    const { consumer, values } = await consume(topic, uniqueName('seek'), true);
    await received(values, 10);
    consumer.seek({ topic, partition: 0, offset: '3' });
    expect(await received(values, 17)).toEqual([...range(0, 10), ...range(3, 10)]);
  });

  it('lets an admin set or reset the offsets of an empty group, and refuses while it has members', async () => {
    const topic = await topicWith(10);
    const groupId = uniqueName('admin-offsets');
    const first = await consume(topic, groupId, true);
    await received(first.values, 10);
    await expect(admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '4' }] })).rejects.toThrow(/no running instances/);
    await eventually(async () => ((await committed(groupId, topic)) === '10' ? true : undefined));
    await first.consumer.disconnect();

    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '4' }] });
    expect(await committed(groupId, topic)).toBe('4');
    const afterSet = await consume(topic, groupId, false);
    expect(await received(afterSet.values, 6)).toEqual(range(4, 10));
    await eventually(async () => ((await committed(groupId, topic)) === '10' ? true : undefined));
    await afterSet.consumer.disconnect();

    // kafkajs commits the "earliest" sentinel (-2) itself; the broker stores it as given
    await admin.resetOffsets({ groupId, topic, earliest: true });
    expect(await committed(groupId, topic)).toBe('-2');
    const afterReset = await consume(topic, groupId, true);
    expect(await received(afterReset.values, 10)).toEqual(range(0, 10));
  });

  it('starts a new group at the end unless it asks for the beginning', async () => {
    const topic = await topicWith(3);
    const latest = await consume(topic, uniqueName('latest'), false);
    const earliest = await consume(topic, uniqueName('earliest'), true);
    // once the first fetch is done, the starting positions are settled
    await Promise.all([latest.fetched, earliest.fetched]);
    await send(topic, 3, 2);
    expect(await received(earliest.values, 5)).toEqual(range(0, 5));
    expect(await received(latest.values, 2)).toEqual(range(3, 5));
  });
});
