import { Injectable } from '@nestjs/common';
import { Admin } from 'kafkajs';
import { InboundMessage, KafkaHandler, KafkaProducer } from '../src';
import { committedOffset, eventually, readTopic, startApp, testKafka, testKafkaOptions, uniqueName, useBroker } from './kafka-test-kit';

describe('a handler with concurrency runs records of a batch side by side', () => {
  const broker = useBroker();
  let admin: Admin;

  beforeEach(async () => {
    admin = testKafka(broker()).admin();
    await admin.connect();
  });
  afterEach(async () => {
    await admin.disconnect();
  });

  function handler(topic: string, group: string, seen: { handled: string[]; maxInFlight: number }) {
    let inFlight = 0;
    @Injectable()
    class SlowHandler {
      @KafkaHandler({ topic, group, concurrency: 8, onFailure: 'dead-letter' })
      async handle(message: InboundMessage): Promise<void> {
        inFlight += 1;
        seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
        // Later records finish first: offsets must still be committed only up to what is done.
        await new Promise((resolve) => setTimeout(resolve, 40 - (Number(message.key) % 8) * 5));
        inFlight -= 1;
        if (message.key === '13') throw new Error('this one is broken');
        seen.handled.push(message.key as string);
      }
    }
    return SlowHandler;
  }

  it('handles every record once, several at a time, commits to the end and dead-letters only the failing one', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const seen = { handled: [] as string[], maxInFlight: 0 };
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [handler(topic, group, seen)] });
    const keys = Array.from({ length: 40 }, (_, i) => String(i));
    await app.get(KafkaProducer).send(topic, keys.map((key) => ({ key, value: '{}', partition: 0 })));

    await eventually(async () => ((await committedOffset(admin, group, topic, 0)) === 40 ? true : undefined), 'every offset committed');
    expect([...seen.handled].sort()).toEqual(keys.filter((k) => k !== '13').sort());
    expect(seen.maxInFlight).toBeGreaterThan(1);
    expect(seen.maxInFlight).toBeLessThanOrEqual(8);
    const [dead] = await readTopic(broker(), `${topic}-dlq`, 1);
    expect(dead.key).toBe('13');
  });

  it('refuses a concurrency outside 1 to 1000 at start-up', async () => {
    @Injectable()
    class Invalid {
      @KafkaHandler({ topic: uniqueName('t'), group: uniqueName('g'), concurrency: 0 })
      handle(): void {}
    }
    await expect(startApp({ kafka: testKafkaOptions(broker()), providers: [Invalid] })).rejects.toThrow(/concurrency must be an integer from 1 to 1000/);
  });
});
