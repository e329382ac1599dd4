import { DeadLetterHeaders } from '@app/kafka/headers/delivery-headers';
import { call, eventually, readTopic, startTestConsole, TEST_TOKEN, testAdmin, testKafka, testProducer, uniqueId, useBroker } from './console-test-kit';

interface Shown {
  format: string;
  text: string;
}
interface Record {
  partition: number;
  offset: string;
  key: Shown;
  value: Shown;
  headers: { [name: string]: Shown };
}

describe('the console API against a real embedded broker', () => {
  const broker = useBroker();
  const brokers = () => broker().bootstrapServers.split(',');

  it('creates a topic only with the admin token, lists and details it, and answers 404 for an unknown topic', async () => {
    const server = await startTestConsole(brokers());
    const topic = uniqueId('console-topic');
    expect((await call(server, 'POST', '/api/topics', { body: { name: topic, partitions: 3 } })).status).toBe(401);
    expect((await call(server, 'POST', '/api/topics', { body: { name: topic, partitions: 3 }, token: 'wrong-token-xyz' })).status).toBe(401);
    expect((await call(server, 'POST', '/api/topics', { body: { name: 'bad name!', partitions: 3 }, token: TEST_TOKEN })).body).toMatchObject({ message: expect.stringContaining('name') });
    expect((await call(server, 'POST', '/api/topics', { body: { name: topic, partitions: 3 }, token: TEST_TOKEN })).status).toBe(201);

    const list = await call<{ name: string; partitions: number; replicationFactor: number }[]>(server, 'GET', '/api/topics');
    expect(list.body.find((t) => t.name === topic)).toMatchObject({ partitions: 3, replicationFactor: 1 });
    const detail = await call<{ partitionDetails: { partition: number; leader: number }[] }>(server, 'GET', `/api/topics/${topic}`);
    expect(detail.body.partitionDetails.map((p) => p.partition)).toEqual([0, 1, 2]);

    expect((await call(server, 'POST', `/api/topics/${topic}/partitions`, { body: { count: 4 }, token: TEST_TOKEN })).status).toBe(200);
    expect((await call<{ partitions: number }>(server, 'GET', `/api/topics/${topic}`)).body.partitions).toBe(4);

    const missing = await call(server, 'GET', '/api/topics/no-such-topic-here');
    expect(missing).toMatchObject({ status: 404, body: { message: 'topic "no-such-topic-here" does not exist' } });
    const page = await call<string>(server, 'GET', '/topics/no-such-topic-here');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    expect((await call(server, 'DELETE', `/api/topics/${topic}`, { body: { confirm: 'not-it' }, token: TEST_TOKEN })).status).toBe(400);
    expect((await call(server, 'DELETE', `/api/topics/${topic}`, { body: { confirm: topic }, token: TEST_TOKEN })).status).toBe(200);
    expect((await call(server, 'GET', `/api/topics/${topic}`)).status).toBe(404);
  });

  it('browses newest first, by offset and by time, shows JSON, text and hex, filters by key, header and JSON field, and leaves no consumer group behind', async () => {
    const server = await startTestConsole(brokers());
    const admin = await testAdmin(broker());
    const topic = uniqueId('console-browse');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = await testProducer(broker());
    const before = Date.now();
    await producer.send({
      topic,
      messages: [
        { key: 'order-1', value: JSON.stringify({ data: { orderId: 'order-1' } }), headers: { 'correlation-id': 'corr-1', 'event-type': 'OrderCreated' } },
        { key: 'order-2', value: 'plain text' },
        { key: null, value: Buffer.from([0xff, 0xfe, 0x00, 0x01]) },
      ],
    });
    const groupsBefore = (await admin.listGroups()).groups.map((g) => g.groupId);

    const newest = await call<{ records: Record[] }>(server, 'GET', `/api/topics/${topic}/messages`);
    expect(newest.body.records.map((r) => [r.offset, r.value.format])).toEqual([
      ['2', 'hex'],
      ['1', 'text'],
      ['0', 'json'],
    ]);
    expect(newest.body.records[0]?.value.text).toBe('ff fe 00 01');
    expect(newest.body.records[2]?.headers['correlation-id']?.text).toBe('corr-1');

    const fromOffset = await call<{ records: Record[] }>(server, 'GET', `/api/topics/${topic}/messages?partition=0&offset=1&limit=1`);
    expect(fromOffset.body.records.map((r) => r.offset)).toEqual(['1']);
    const byTime = await call<{ records: Record[] }>(server, 'GET', `/api/topics/${topic}/messages?timestamp=${before - 1000}`);
    expect(byTime.body.records.map((r) => r.offset)).toEqual(['0', '1', '2']);
    const future = await call<{ records: Record[] }>(server, 'GET', `/api/topics/${topic}/messages?timestamp=${Date.now() + 3_600_000}`);
    expect(future.body.records).toEqual([]);

    const byKey = await call<{ records: Record[] }>(server, 'GET', `/api/topics/${topic}/messages?key=order-2`);
    expect(byKey.body.records.map((r) => r.offset)).toEqual(['1']);
    const byHeader = await call<{ records: Record[] }>(server, 'GET', `/api/topics/${topic}/messages?header=event-type%3DOrderCreated`);
    expect(byHeader.body.records.map((r) => r.offset)).toEqual(['0']);
    const byField = await call<{ records: Record[] }>(server, 'GET', `/api/topics/${topic}/messages?json=data.orderId%3Dorder-1`);
    expect(byField.body.records.map((r) => r.offset)).toEqual(['0']);
    expect((await call(server, 'GET', `/api/topics/${topic}/messages?offset=abc`)).status).toBe(400);
    expect((await call(server, 'GET', `/api/topics/${topic}/messages?partition=7`)).status).toBe(404);

    const produced = await call<{ partition: number; offset: string }>(server, 'POST', `/api/topics/${topic}/messages`, {
      body: { key: 'k', value: '{"a":1}', headers: { h: 'v' } },
      token: TEST_TOKEN,
    });
    expect(produced).toMatchObject({ status: 201, body: { partition: 0, offset: '3' } });
    // Every browse above went through the console: not one consumer group was created by it.
    expect((await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => !groupsBefore.includes(g))).toEqual([]);
    const [record] = (await readTopic(broker(), topic, 4)).slice(3);
    expect(record).toMatchObject({ key: 'k', value: '{"a":1}', headers: { h: 'v' } });
  });

  it('shows a group with its lag, previews and applies an offset reset only while the group is empty, and deletes it', async () => {
    const server = await startTestConsole(brokers());
    const admin = await testAdmin(broker());
    const topic = uniqueId('console-group-topic');
    const group = uniqueId('console-group');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 2 }] });
    const producer = await testProducer(broker());
    await producer.send({ topic, messages: Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 2 })) });
    const consumer = testKafka(broker()).consumer({ groupId: group, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => void seen++ });
    await eventually(
      async () => ((await call<{ lag: number; state: string }>(server, 'GET', `/api/groups/${group}`)).body.state === 'Stable' && seen === 6 ? true : undefined),
      'the group consumed everything',
    );
    const active = await eventually(async () => {
      const answer = await call<{ lag: number; members: number; partitions: { committed: string | null }[] }>(server, 'GET', `/api/groups/${group}`);
      return answer.body.partitions.every((p) => p.committed === '3') ? answer.body : undefined;
    }, 'offsets committed');
    expect(active).toMatchObject({ lag: 0, members: 1 });
    const refused = await call(server, 'POST', `/api/groups/${group}/reset`, { body: { topic, to: 'earliest', dryRun: true }, token: TEST_TOKEN });
    expect(refused).toMatchObject({ status: 409, body: { message: expect.stringContaining('stop its consumers') } });
    await consumer.disconnect();

    const preview = await call(server, 'POST', `/api/groups/${group}/reset`, { body: { topic, to: 'earliest', dryRun: true }, token: TEST_TOKEN });
    expect(preview.body).toEqual({
      dryRun: true,
      topic,
      partitions: [
        { partition: 0, from: '3', to: '0' },
        { partition: 1, from: '3', to: '0' },
      ],
    });
    expect((await call<{ lag: number }>(server, 'GET', `/api/groups/${group}`)).body.lag).toBe(0);
    await call(server, 'POST', `/api/groups/${group}/reset`, { body: { topic, to: 'offset', value: '1', dryRun: false }, token: TEST_TOKEN });
    expect((await call<{ lag: number; state: string }>(server, 'GET', `/api/groups/${group}`)).body).toMatchObject({ lag: 4, state: 'Empty' });

    expect((await call(server, 'DELETE', `/api/groups/${group}`, { token: TEST_TOKEN })).status).toBe(200);
    expect((await call(server, 'GET', `/api/groups/${group}`)).status).toBe(404);
    expect((await call(server, 'GET', `/groups/${group}`)).status).toBe(404);
  });

  it('groups dead letters by error type with their reason headers and redrives one to the failing group only', async () => {
    const server = await startTestConsole(brokers());
    const admin = await testAdmin(broker());
    const original = uniqueId('console-orders');
    const dlq = `${original}-dlq`;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: original, numPartitions: 1 },
        { topic: dlq, numPartitions: 1 },
      ],
    });
    const producer = await testProducer(broker());
    const dead = (errorType: string, offset: number) => ({
      key: `order-${offset}`,
      value: JSON.stringify({ orderId: `order-${offset}` }),
      headers: {
        'correlation-id': `corr-${offset}`,
        [DeadLetterHeaders.OriginalTopic]: original,
        [DeadLetterHeaders.OriginalPartition]: '0',
        [DeadLetterHeaders.OriginalOffset]: String(offset),
        [DeadLetterHeaders.OriginalTimestamp]: String(Date.now()),
        [DeadLetterHeaders.ConsumerGroup]: 'payment-service',
        [DeadLetterHeaders.ErrorType]: errorType,
        [DeadLetterHeaders.ErrorMessage]: `${errorType} happened`,
        [DeadLetterHeaders.Attempts]: '4',
      },
    });
    await producer.send({ topic: dlq, messages: [dead('GatewayBugError', 0), dead('GatewayBugError', 1), dead('InvalidEventError', 2)] });

    const topics = await call<{ topic: string; records: number }[]>(server, 'GET', '/api/dead-letters');
    expect(topics.body).toContainEqual({ topic: dlq, records: 3 });
    const grouped = await call<{
      groups: { errorType: string; count: number; records: { offset: string; errorMessage: string; group: string; attempts: number; originalTopic: string; redriveTopic: string }[] }[];
    }>(server, 'GET', `/api/dead-letters/${dlq}`);
    expect(grouped.body.groups.map((g) => [g.errorType, g.count])).toEqual([
      ['GatewayBugError', 2],
      ['InvalidEventError', 1],
    ]);
    expect(grouped.body.groups[1]?.records[0]).toMatchObject({
      errorMessage: 'InvalidEventError happened',
      group: 'payment-service',
      attempts: 4,
      originalTopic: original,
      redriveTopic: `${original}.payment-service.redrive`,
    });
    expect((await call(server, 'GET', `/api/dead-letters/${original}`)).status).toBe(404);

    expect((await call(server, 'POST', `/api/dead-letters/${dlq}/redrive`, { body: { records: [{ partition: 0, offset: '2' }] } })).status).toBe(401);
    const redriven = await call<{ redriven: { group: string; redrivenTo: { topic: string } }[] }>(server, 'POST', `/api/dead-letters/${dlq}/redrive`, {
      body: { records: [{ partition: 0, offset: '2' }] },
      token: TEST_TOKEN,
    });
    expect(redriven.body.redriven).toEqual([expect.objectContaining({ group: 'payment-service', redrivenTo: expect.objectContaining({ topic: `${original}.payment-service.redrive` }) })]);
    const [again] = await readTopic(broker(), `${original}.payment-service.redrive`, 1);
    expect(again).toMatchObject({ key: 'order-2', headers: { 'correlation-id': 'corr-2', 'retry-attempt': '1' } });
    expect(again?.headers[DeadLetterHeaders.ErrorType]).toBeUndefined();

    const all = await call<{ redriven: unknown[] }>(server, 'POST', `/api/dead-letters/${dlq}/redrive`, { body: { all: true, errorType: 'GatewayBugError' }, token: TEST_TOKEN });
    expect(all.body.redriven).toHaveLength(2);
  });
});
