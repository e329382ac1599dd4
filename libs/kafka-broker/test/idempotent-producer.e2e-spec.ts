import { ApiKey } from '../src';
import { kafkaFor, uniqueName, useBroker } from './helpers';
import { readTopic } from './read-topic';

describe.each([1, 3])('idempotent producer (kafkajs, %i-node cluster)', (nodes) => {
  const broker = useBroker({ nodes });

  it('stores a batch once when its response is lost and kafkajs retries it', async () => {
    const topic = uniqueName('idempotent');
    const kafka = kafkaFor(broker(), { requestTimeout: 1000 });
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const timeouts: unknown[] = [];
    producer.on(producer.events.REQUEST_TIMEOUT, (e) => timeouts.push(e));
    await admin.connect();
    await producer.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      const [first] = await producer.send({ topic, acks: -1, messages: [{ value: 'one' }] });
      broker().faults.add({ apiKey: ApiKey.Produce, action: { kind: 'drop', afterHandling: true }, times: 1 });
      const [second] = await producer.send({ topic, acks: -1, messages: [{ value: 'two' }, { value: 'three' }] });
      const [third] = await producer.send({ topic, acks: -1, messages: [{ value: 'four' }] });

      expect(timeouts).toHaveLength(1); // the lost response: kafkajs sent the batch again
      expect([first.baseOffset, second.baseOffset, third.baseOffset]).toEqual(['0', '1', '3']);
      expect(await admin.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, high: '4' })]);
      const records = await readTopic(kafka, topic, 4);
      expect(records.map((r) => `${r.offset}:${r.value}`)).toEqual(['0:one', '1:two', '2:three', '3:four']);
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  it('gives every idempotent producer its own producer id', async () => {
    const topic = uniqueName('idempotent');
    const kafka = kafkaFor(broker());
    const producers = [kafka.producer({ idempotent: true }), kafka.producer({ idempotent: true })];
    for (const p of producers) await p.connect();
    try {
      // Both start at sequence 0 on the same partition: with a shared id the second would be a duplicate.
      const offsets = [];
      for (const p of producers) offsets.push((await p.send({ topic, acks: -1, messages: [{ value: 'x', partition: 0 }] }))[0].baseOffset);
      expect(offsets).toEqual(['0', '1']);
    } finally {
      for (const p of producers) await p.disconnect();
    }
  });
});
