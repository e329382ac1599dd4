import { Injectable } from '@nestjs/common';
import { Admin } from 'kafkajs';
import { InboundMessage, KafkaConsumers, KafkaHandler, KafkaMetrics, KafkaProducer, retryTopic } from '../src';
import { committedOffset, eventually, recordCount, startApp, testKafkaOptions, uniqueName, useBroker, useAdmin } from './kafka-test-kit';

interface Call {
  key: string | null;
  attempt: number;
  at: number;
  offset: string;
  deliveredFrom: string;
}

async function groupMembers(admin: Admin, group: string): Promise<string[]> {
  const { groups } = await admin.describeGroups([group]);
  return groups[0].members.map((m) => m.memberId);
}

describe('a transient failure is retried with backoff', () => {
  const broker = useBroker();
  const admin = useAdmin(broker);

  it('fails twice, then succeeds on retry topics with growing delays while later messages on the partition go on', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const calls: Call[] = [];

    @Injectable()
    class FlakyHandler {
      @KafkaHandler({ topic, group })
      async handle(message: InboundMessage): Promise<void> {
        calls.push({ key: message.key, attempt: message.attempt, at: Date.now(), offset: message.offset, deliveredFrom: message.deliveredFrom.topic });
        if (message.key === 'flaky' && message.attempt <= 2) throw new Error('payment gateway timed out');
      }
    }

    // A session shorter than the 2 s wait: a consumer that slept through the delay would be thrown out of the group.
    const app = await startApp({
      kafka: testKafkaOptions(broker(), { consumer: { sessionTimeoutMs: 1800, heartbeatIntervalMs: 300 } }),
      providers: [FlakyHandler],
    });
    const producer = app.get(KafkaProducer);
    await producer.send(topic, [
      { key: 'flaky', value: '{"n":1}', partition: 0 },
      { key: 'steady-1', value: '{"n":2}', partition: 0 },
    ]);
    await eventually(() => calls.find((c) => c.key === 'steady-1'), 'the message behind the failing one');
    const memberBefore = await eventually(() => app.get(KafkaConsumers).memberIds()[group], 'a member id');
    expect(await groupMembers(admin(), group)).toEqual([memberBefore]);

    // The original offset is committed as soon as the failed message sits in the retry topic.
    await eventually(async () => ((await committedOffset(admin(), group, topic, 0)) === 2 ? true : undefined), 'the source partition committed past both messages');
    expect(calls.some((c) => c.key === 'flaky' && c.attempt === 3)).toBe(false);
    // Sent while the failed message waits its 2 s for the third attempt.
    await eventually(() => calls.find((c) => c.key === 'flaky' && c.attempt === 2), 'the second attempt');
    await producer.send(topic, [{ key: 'steady-2', value: '{"n":3}', partition: 0 }]);

    const success = await eventually(() => calls.find((c) => c.key === 'flaky' && c.attempt === 3), 'the third attempt', 30_000);
    const flaky = calls.filter((c) => c.key === 'flaky');
    expect(flaky.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(flaky.map((c) => c.deliveredFrom)).toEqual([topic, retryTopic(topic, group, 1), retryTopic(topic, group, 2)]);
    expect(new Set(flaky.map((c) => c.offset))).toEqual(new Set(['0']));

    const firstDelay = flaky[1].at - flaky[0].at;
    const secondDelay = flaky[2].at - flaky[1].at;
    expect(firstDelay).toBeGreaterThanOrEqual(1000);
    expect(secondDelay).toBeGreaterThanOrEqual(2000);
    expect(secondDelay).toBeGreaterThan(firstDelay);

    // Both later messages ran while the failed one waited for its retry.
    const order = calls.map((c) => `${c.key}#${c.attempt}`);
    expect(order.indexOf('steady-1#1')).toBeLessThan(order.indexOf('flaky#2'));
    expect(order.indexOf('steady-2#1')).toBeLessThan(calls.indexOf(success));
    expect(calls.filter((c) => c.key !== 'flaky').map((c) => c.key)).toEqual(['steady-1', 'steady-2']);

    expect(await recordCount(admin(), `${topic}-dlq`)).toBe(0);
    // The broker still has the same member: it was never expired while its retries waited.
    expect(await groupMembers(admin(), group)).toEqual([memberBefore]);
    const retried = await app.get(KafkaMetrics).retried.get();
    expect(retried.values.find((v) => v.labels.group === group)?.value).toBe(2);
  });
});
