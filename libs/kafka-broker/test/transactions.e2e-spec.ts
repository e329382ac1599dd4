import type { Kafka, Producer } from 'kafkajs';
import { eventually, kafkaFor, uniqueName, useBroker } from './helpers';
import { readTopic } from './read-topic';

/** kafkajs wraps protocol errors it gives up on; the Kafka error type is on the error or its cause. */
function errorType(e: unknown): string | undefined {
  const err = e as { type?: string; cause?: { type?: string } };
  return err.type ?? err.cause?.type;
}

async function rejection(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return errorType(e);
  }
  throw new Error('expected a rejection');
}

// Three nodes too: transactional id, group and partitions then live on different nodes.
describe.each([1, 3])('transactions (kafkajs, %i node cluster)', (nodes) => {
  const broker = useBroker({ nodes });
  let kafka: Kafka;
  const open: { disconnect(): Promise<void> }[] = [];

  beforeEach(() => {
    kafka = kafkaFor(broker());
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.disconnect().catch(() => undefined);
  });

  async function txnProducer(transactionalId: string): Promise<Producer> {
    const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    open.push(producer);
    await producer.connect();
    return producer;
  }

  async function createTopic(partitions = 1): Promise<string> {
    const topic = uniqueName('txn');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
    await admin.disconnect();
    return topic;
  }

  it('read_committed consumers see committed records only, read_uncommitted ones aborted records too', async () => {
    const topic = await createTopic();
    const producer = await txnProducer(uniqueName('tx'));
    const send = async (values: string[], commit: boolean) => {
      const txn = await producer.transaction();
      await txn.send({ topic, messages: values.map((value) => ({ value })) });
      await (commit ? txn.commit() : txn.abort());
    };
    await send(['c1', 'c2'], true);
    await send(['aborted'], false);
    await send(['c3'], true);

    const committed = await readTopic(kafka, topic, 3);
    expect(committed.map((r) => r.value)).toEqual(['c1', 'c2', 'c3']);
    const uncommitted = await readTopic(kafka, topic, 4, { readUncommitted: true });
    expect(uncommitted.map((r) => r.value)).toEqual(['c1', 'c2', 'aborted', 'c3']);
  });

  it('commits consumed offsets with the transaction only when it commits (consume-transform-produce)', async () => {
    const input = await createTopic();
    const output = await createTopic();
    const group = uniqueName('group');
    const plain = kafka.producer();
    open.push(plain);
    await plain.connect();
    await plain.send({ topic: input, messages: ['a', 'b', 'c'].map((value) => ({ value })) });

    const producer = await txnProducer(uniqueName('tx'));
    const admin = kafka.admin();
    open.push(admin);
    await admin.connect();
    const committedOffset = async () => (await admin.fetchOffsets({ groupId: group, topics: [input] }))[0].partitions[0].offset;
    const offsetsBeforeFirstCommit: string[] = [];
    const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
    open.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [input], fromBeginning: true });
    const handled: string[] = [];
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value!.toString();
        const txn = await producer.transaction();
        await txn.send({ topic: output, messages: [{ value: value.toUpperCase() }] });
        await txn.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition, offset: String(Number(message.offset) + 1) }] }] });
        if (value === 'a') offsetsBeforeFirstCommit.push(await committedOffset());
        // 'c' is processed in a transaction that fails: neither its output nor its offset may show
        await (value === 'c' ? txn.abort() : txn.commit());
        handled.push(value);
      },
    });
    await eventually(() => (handled.length === 3 ? true : undefined), 20_000, 'a, b and c processed');
    await consumer.disconnect();

    expect(offsetsBeforeFirstCommit).toEqual(['-1']);
    expect(await committedOffset()).toBe('2');
    expect((await readTopic(kafka, output, 2)).map((r) => r.value)).toEqual(['A', 'B']);
    expect((await readTopic(kafka, output, 3, { readUncommitted: true })).map((r) => r.value)).toEqual(['A', 'B', 'C']);
  });

  it('refuses a transaction timeout above the broker maximum', async () => {
    const producer = kafka.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1, transactionTimeout: 3_600_000 });
    open.push(producer);
    await producer.connect();
    expect(await rejection(producer.transaction())).toBe('INVALID_TRANSACTION_TIMEOUT');
  });

  it('a second producer with the same transactional id fences the first', async () => {
    const topic = await createTopic();
    const transactionalId = uniqueName('tx');
    const zombie = await txnProducer(transactionalId);
    const zombieTxn = await zombie.transaction();
    await zombieTxn.send({ topic, messages: [{ value: 'zombie' }] });

    const successor = await txnProducer(transactionalId);
    const txn = await successor.transaction(); // its InitProducerId aborts the zombie's open transaction
    expect(await rejection(zombieTxn.send({ topic, messages: [{ value: 'zombie-late' }] }))).toBe('INVALID_PRODUCER_EPOCH');
    expect(await rejection(zombieTxn.commit())).toBe('INVALID_PRODUCER_EPOCH');

    await txn.send({ topic, messages: [{ value: 'successor' }] });
    await txn.commit();
    expect((await readTopic(kafka, topic, 1)).map((r) => r.value)).toEqual(['successor']);
    expect((await readTopic(kafka, topic, 2, { readUncommitted: true })).map((r) => r.value)).toEqual(['zombie', 'successor']);
  });
});
