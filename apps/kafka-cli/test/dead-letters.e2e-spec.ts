import { Injectable } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import type { Admin } from 'kafkajs';
import { deadLetterTopic, InboundMessage, KafkaHandler, KafkaModule, KafkaProducer, redriveTopic, silentKafkaLogger } from '@app/kafka';
import { deadLetterHeaders } from '@app/kafka/headers/delivery-headers';
import { cliJson, cliOk, eventually, readTable, runCli, testKafka, uniqueName, useBroker } from './cli-test-kit';

jest.setTimeout(180_000);

interface DeadLetterJson {
  topic: string;
  partition: number;
  offset: number;
  group: string | null;
}

async function recordCount(admin: Admin, topic: string): Promise<number> {
  if (!(await admin.listTopics()).includes(topic)) return 0;
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

describe('kafka dlq', () => {
  const broker = useBroker();
  let app: TestingModule | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('lists, shows and redrives a dead letter the Kafka lib wrote, to the failing group only', async () => {
    const brokers = broker().bootstrapServers;
    const topic = uniqueName('orders');
    const dlq = deadLetterTopic(topic);
    const failing = uniqueName('payments');
    const succeeding = uniqueName('analytics');
    const received: Record<'failing' | 'succeeding', InboundMessage[]> = { failing: [], succeeding: [] };
    let bankFixed = false;

    @Injectable()
    class Handlers {
      @KafkaHandler({ topic, group: failing, onFailure: 'dead-letter' })
      async pay(message: InboundMessage): Promise<void> {
        received.failing.push(message);
        if (!bankFixed && message.key !== 'sentinel') throw new Error('bank rejected the connection');
      }

      @KafkaHandler({ topic, group: succeeding })
      async count(message: InboundMessage): Promise<void> {
        received.succeeding.push(message);
      }
    }

    app = await Test.createTestingModule({
      imports: [
        KafkaModule.forRoot({
          brokers: brokers.split(','),
          clientId: uniqueName('service'),
          requestRetries: 1,
          logger: silentKafkaLogger,
          clientLogLevel: 'nothing',
          consumer: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100 },
        }),
      ],
      providers: [Handlers],
    }).compile();
    await app.init();
    const producer = app.get(KafkaProducer);
    const [sent] = await producer.send(topic, [{ key: 'order-1', value: '{"order":1}', headers: { 'event-id': 'e-1', 'correlation-id': 'c-1' } }]);
    const admin = testKafka(broker()).admin();
    await admin.connect();
    try {
      await eventually(async () => ((await recordCount(admin, dlq)) === 1 ? true : undefined), 'the dead letter');
      await eventually(() => (received.succeeding.length === 1 ? true : undefined), 'the other group handling it');
      const [dlqOffsets] = (await admin.fetchTopicOffsets(dlq)).filter((o) => o.high !== o.low);
      const at = { partition: dlqOffsets.partition, offset: Number(dlqOffsets.low) };

      // dlq list: every <topic>-dlq by default, or one topic, as a table and as JSON.
      const [row] = readTable(await cliOk(['dlq', 'list'], { brokers }));
      expect(row).toEqual({
        TOPIC: dlq,
        PARTITION: String(at.partition),
        OFFSET: String(at.offset),
        ORIGINAL: `${topic}[${sent.partition}]@${sent.baseOffset}`,
        GROUP: failing,
        ERROR: 'Error: bank rejected the connection',
        ATTEMPTS: '1',
        TIMESTAMP: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const listed = await cliJson<{ deadLetters: DeadLetterJson[] }>(['dlq', 'list', '--topic', dlq], { brokers });
      expect(listed).toEqual({
        deadLetters: [
          {
            topic: dlq,
            partition: at.partition,
            offset: at.offset,
            timestamp: expect.stringMatching(/Z$/),
            key: 'order-1',
            originalTopic: topic,
            originalPartition: sent.partition,
            originalOffset: Number(sent.baseOffset),
            originalTimestamp: expect.stringMatching(/Z$/),
            group: failing,
            errorType: 'Error',
            errorMessage: 'bank rejected the connection',
            attempts: 1,
          },
        ],
      });
      expect(await cliJson(['dlq', 'list', '--group', succeeding], { brokers })).toEqual({ deadLetters: [] });

      // dlq show: the dead-letter details, every header, the value pretty-printed.
      const shown = (await cliOk(['dlq', 'show', dlq, String(at.partition), String(at.offset)], { brokers })).trim().split('\n\n');
      expect(shown[0]).toMatch(new RegExp(`^record +${dlq}\\[${at.partition}\\]@${at.offset}\n`));
      expect(shown[1]).toContain(`failed by group  ${failing}`);
      expect(shown[1]).toContain('error message    bank rejected the connection');
      expect(shown[1]).toContain(`redrive to       ${redriveTopic(topic, failing)}`);
      expect(shown[2].split('\n')[0]).toBe('Headers:');
      expect(readTable(shown[2].split('\n').slice(1).join('\n'))).toEqual(
        expect.arrayContaining([
          { NAME: 'correlation-id', VALUE: 'c-1' },
          { NAME: 'dlq-consumer-group', VALUE: failing },
          { NAME: 'dlq-original-topic', VALUE: topic },
          { NAME: 'event-id', VALUE: 'e-1' },
        ]),
      );
      expect(shown[3]).toBe('Value (json):\n{\n  "order": 1\n}');
      const shownJson = await cliJson<Record<string, unknown>>(['dlq', 'show', dlq, String(at.partition), String(at.offset)], { brokers });
      expect(shownJson).toMatchObject({
        topic: dlq,
        partition: at.partition,
        offset: at.offset,
        key: 'order-1',
        headers: { 'event-id': 'e-1', 'correlation-id': 'c-1', 'dlq-consumer-group': failing, 'dlq-attempts': '1' },
        value: { order: 1 },
        valueFormat: 'json',
        deadLetter: { originalTopic: topic, group: failing, errorType: 'Error', attempts: 1, redriveTopic: redriveTopic(topic, failing) },
      });

      // dlq redrive: the failing group gets it again as a fresh first attempt; the other group does not.
      bankFixed = true;
      const redrove = await cliOk(['dlq', 'redrive', dlq, String(at.partition), String(at.offset)], { brokers });
      expect(redrove).toMatch(
        new RegExp(`^Redrove ${dlq}\\[${at.partition}\\]@${at.offset} to group ${failing}: written to ${redriveTopic(topic, failing)}\\[\\d+\\]@0, which only ${failing} reads\\.`),
      );
      const redriven = await eventually(() => received.failing[1], 'the redriven delivery');
      expect(redriven).toMatchObject({
        topic,
        key: 'order-1',
        offset: sent.baseOffset,
        attempt: 1,
        eventId: 'e-1',
        correlationId: 'c-1',
        deliveredFrom: { topic: redriveTopic(topic, failing) },
      });
      expect(Object.keys(redriven.headers).filter((h) => h.startsWith('dlq-'))).toEqual([]);

      const again = await cliJson(['dlq', 'redrive', dlq, String(at.partition), String(at.offset)], { brokers });
      expect(again).toEqual({
        deadLetter: { topic: dlq, partition: at.partition, offset: at.offset },
        group: failing,
        originalTopic: topic,
        redrivenTo: { topic: redriveTopic(topic, failing), partition: expect.any(Number), offset: 1 },
      });
      await eventually(() => received.failing[2], 'the second redriven delivery');

      await producer.send(topic, [{ key: 'sentinel', value: '{}' }]);
      await eventually(() => (received.succeeding.some((m) => m.key === 'sentinel') && received.failing.some((m) => m.key === 'sentinel') ? true : undefined), 'the sentinel in both groups');
      expect(received.succeeding.map((m) => m.key)).toEqual(['order-1', 'sentinel']);
      expect(await recordCount(admin, dlq)).toBe(1);
    } finally {
      await admin.disconnect();
    }
  });

  it('shows any record, refuses to redrive what is not a dead letter or has no redrive topic, and names missing offsets', async () => {
    const brokers = broker().bootstrapServers;
    const topic = uniqueName('orders');
    const dlq = deadLetterTopic(topic);
    const kafka = testKafka(broker());
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 1 },
        { topic: dlq, numPartitions: 1 },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    // A dead letter as the lib writes one, for a group whose service never ran here (so no redrive topic).
    const origin = { topic, partition: 0, offset: '41', timestamp: Date.parse('2024-05-01T12:00:00Z') };
    const headers = deadLetterHeaders({ 'event-id': 'e-9' }, origin, { group: 'ghost-service', error: Object.assign(new Error('no such order'), { code: 'ORDER.NOT_FOUND' }), attempts: 4 });
    await producer.send({ topic: dlq, messages: [{ key: 'order-9', value: 'not json', headers }] });
    await producer.send({ topic, messages: [{ key: 'plain', value: Buffer.from([0xff, 0xfe]) }] });
    await producer.disconnect();
    await admin.disconnect();

    const [entry] = (await cliJson<{ deadLetters: Record<string, unknown>[] }>(['dlq', 'list'], { brokers })).deadLetters;
    expect(entry).toMatchObject({
      topic: dlq,
      offset: 0,
      originalOffset: 41,
      originalTimestamp: '2024-05-01T12:00:00.000Z',
      group: 'ghost-service',
      errorType: 'ORDER.NOT_FOUND',
      attempts: 4,
    });
    expect(await cliJson(['dlq', 'show', dlq, '0', '0'], { brokers })).toMatchObject({ value: 'not json', valueFormat: 'text' });

    const noRedriveTopic = await runCli(['dlq', 'redrive', dlq, '0', '0'], { brokers });
    expect(noRedriveTopic.code).toBe(1);
    expect(noRedriveTopic.stderr).toContain(`redrive topic ${redriveTopic(topic, 'ghost-service')} does not exist, so group ghost-service would never read the message`);

    const plain = await cliJson(['dlq', 'show', topic, '0', '0'], { brokers });
    expect(plain).toMatchObject({ key: 'plain', headers: {}, value: '//4=', valueFormat: 'base64', deadLetter: null });
    expect(await cliOk(['dlq', 'show', topic, '0', '0'], { brokers })).toContain('Not a dead letter: the record has no dlq-* headers.');
    const notDead = await runCli(['dlq', 'redrive', topic, '0', '0', '--json'], { brokers });
    expect(notDead.code).toBe(1);
    expect(JSON.parse(notDead.stderr)).toMatchObject({ error: { code: 'KAFKA.NOT_A_DEAD_LETTER' } });

    const missing = await runCli(['dlq', 'show', dlq, '0', '7'], { brokers });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: ${dlq}[0]@7 does not exist: it holds offsets 0 to 0`);
    const badOffset = await runCli(['dlq', 'show', dlq, '0', 'x'], { brokers });
    expect(badOffset.code).toBe(2);
  });
});
