import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@app/kafka-broker';
import { buildEventHeaders, deadLetterTopic, InboundMessage, KafkaHandler, KafkaMetrics, KafkaProducer, parseJsonValue } from '../src';
import { committedOffset, eventually, latch, readTopic, recordCount, startApp, testKafkaOptions, uniqueName, useBroker, useAdmin } from './kafka-test-kit';
import { itOnEmbedded } from '../../../test/support/test-broker';

describe('a poison message goes to the dead-letter topic', () => {
  const broker = useBroker();
  const admin = useAdmin(broker);

  it('dead-letters non-JSON and a non-retriable error at once, with every header, and keeps consuming', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const handled: string[] = [];
    const attempts = new Map<string, number>();

    @Injectable()
    class StrictHandler {
      @KafkaHandler({ topic, group })
      async handle(message: InboundMessage): Promise<void> {
        attempts.set(message.key ?? '', (attempts.get(message.key ?? '') ?? 0) + 1);
        const body = parseJsonValue(message) as { amount: number };
        if (body.amount < 0) throw Object.assign(new Error('amount must not be negative'), { code: 'PAYMENT.INVALID_AMOUNT', retriable: false });
        handled.push(message.key ?? '');
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [StrictHandler] });
    const headers = (eventId: string) => buildEventHeaders({ eventId, eventType: 'OrderCreated', eventVersion: 1, correlationId: `corr-${eventId}` });
    const [sent] = await app.get(KafkaProducer).send(topic, [
      { key: 'garbled', value: 'not json {', headers: headers('e-1'), partition: 1 },
      { key: 'negative', value: '{"amount":-5}', headers: headers('e-2'), partition: 1 },
      { key: 'good', value: '{"amount":5}', headers: headers('e-3'), partition: 1 },
    ]);

    await eventually(() => (handled.includes('good') ? true : undefined), 'the good message after the poison ones');
    const dead = await readTopic(broker(), deadLetterTopic(topic), 2);
    const garbled = dead.find((r) => r.key === 'garbled');
    const negative = dead.find((r) => r.key === 'negative');
    expect(garbled?.value).toBe('not json {');
    expect(garbled?.headers).toMatchObject({
      'event-id': 'e-1',
      'event-type': 'OrderCreated',
      'correlation-id': 'corr-e-1',
      'dlq-original-topic': topic,
      'dlq-original-partition': '1',
      'dlq-original-offset': sent.baseOffset,
      'dlq-consumer-group': group,
      'dlq-error-type': 'KAFKA.INVALID_JSON',
      'dlq-attempts': '1',
    });
    expect(garbled?.headers['dlq-error-message']).toMatch(/is not JSON/);
    expect(Number(garbled?.headers['dlq-original-timestamp'])).toBeGreaterThan(Date.parse('2024-01-01'));
    expect(negative?.headers).toMatchObject({
      'dlq-original-offset': String(Number(sent.baseOffset) + 1),
      'dlq-error-type': 'PAYMENT.INVALID_AMOUNT',
      'dlq-error-message': 'amount must not be negative',
      'dlq-attempts': '1',
    });
    // Non-retriable failures were never retried.
    expect(Object.fromEntries(attempts)).toEqual({ garbled: 1, negative: 1, good: 1 });
    expect(handled).toEqual(['good']);
    await eventually(async () => ((await committedOffset(admin(), group, topic, 1)) === Number(sent.baseOffset) + 3 ? true : undefined), 'offsets committed past all three');
    const deadLettered = await app.get(KafkaMetrics).deadLettered.get();
    expect(deadLettered.values.find((v) => v.labels.group === group)?.value).toBe(2);
  });

  it('dead-letters a message that still fails after its last retry, counting every attempt', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    let calls = 0;

    @Injectable()
    class AlwaysDown {
      @KafkaHandler({ topic, group, retry: { retries: 2, initialDelayMs: 50 } })
      async handle(): Promise<void> {
        calls++;
        throw new Error('bank unreachable');
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [AlwaysDown] });
    await app.get(KafkaProducer).send(topic, [{ key: 'k', value: '{}' }]);
    const [dead] = await readTopic(broker(), deadLetterTopic(topic), 1);
    expect(dead.headers).toMatchObject({ 'dlq-attempts': '3', 'dlq-error-type': 'Error', 'dlq-error-message': 'bank unreachable', 'dlq-original-topic': topic, 'dlq-original-offset': '0' });
    expect(Object.keys(dead.headers).filter((name) => name.startsWith('retry-'))).toEqual([]);
    expect(calls).toBe(3);
  });

  // Embedded-only: it makes the broker refuse the dead-letter write (fault injection).
  itOnEmbedded('loses nothing when the dead-letter write fails: the offset stays uncommitted until the write succeeds', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const reached = latch();
    const release = latch();

    @Injectable()
    class HeldHandler {
      @KafkaHandler({ topic, group })
      async handle(message: InboundMessage): Promise<void> {
        reached.open();
        await release.promise;
        parseJsonValue(message);
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [HeldHandler] });
    await app.get(KafkaProducer).send(topic, [{ key: 'poison', value: '<xml/>', partition: 0 }]);
    await reached.promise;

    const removeFault = broker().faults.add({ apiKey: 0, action: { kind: 'fail', errorCode: ErrorCode.NOT_ENOUGH_REPLICAS } });
    release.open();
    const metrics = app.get(KafkaMetrics);
    await eventually(async () => {
      const failures = (await metrics.divertFailures.get()).values.find((v) => v.labels.group === group)?.value ?? 0;
      return failures >= 2 ? true : undefined;
    }, 'two failed dead-letter writes');
    expect(await committedOffset(admin(), group, topic, 0)).toBe(-1);
    expect(await recordCount(admin(), deadLetterTopic(topic))).toBe(0);

    removeFault();
    const [dead] = await readTopic(broker(), deadLetterTopic(topic), 1);
    expect(dead).toMatchObject({ key: 'poison', value: '<xml/>' });
    expect(dead.headers['dlq-error-type']).toBe('KAFKA.INVALID_JSON');
    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === 1 ? true : undefined), 'the offset committed after the write');
    expect(await recordCount(admin(), deadLetterTopic(topic))).toBe(1);
  });
});
