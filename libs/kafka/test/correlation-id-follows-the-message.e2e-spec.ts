import { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import pino from 'pino';
import { correlationContext, correlationLogMixin, InboundMessage, KafkaHandler, KafkaProducer } from '../src';
import { readTopic, startApp, testKafkaOptions, uniqueName, useBroker } from './kafka-test-kit';

describe('the correlation id follows the message', () => {
  const broker = useBroker();

  it("runs the handler in the message's correlation context: its logs and the events it sends carry the id", async () => {
    const topic = uniqueName('orders');
    const next = uniqueName('payments-processed');
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { mixin: correlationLogMixin },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );

    @Injectable()
    class Relay {
      constructor(private readonly producer: KafkaProducer) {}

      @KafkaHandler({ topic, group: uniqueName('payments') })
      async handle(message: InboundMessage): Promise<void> {
        logger.info({ key: message.key }, 'charging');
        await this.producer.send(next, [{ key: message.key, value: '{"ok":true}', headers: { 'event-id': `${message.eventId}-next` } }]);
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [Relay] });
    await app.get(KafkaProducer).send(topic, [
      { key: 'a', value: '{}', headers: { 'event-id': 'e-1', 'correlation-id': 'request-42' } },
      { key: 'b', value: '{}', headers: { 'event-id': 'e-2' } },
    ]);
    const sent = await readTopic(broker(), next, 2);
    const byKey = Object.fromEntries(sent.map((r) => [r.key, r.headers['correlation-id']]));
    // Without a correlation id the handler runs outside any context and the producer adds none.
    expect(byKey).toEqual({ a: 'request-42', b: undefined });
    expect(lines.find((l) => l.key === 'a')).toMatchObject({ msg: 'charging', correlationId: 'request-42' });
    expect(lines.find((l) => l.key === 'b')).not.toHaveProperty('correlationId');
    expect(correlationContext.get()).toBeUndefined();
  });

  it('lets an explicit correlation-id header win over the context', async () => {
    const topic = uniqueName('orders');
    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [] });
    await correlationContext.run('outer', () =>
      app.get(KafkaProducer).send(topic, [
        { key: 'x', value: '1', headers: { 'correlation-id': 'explicit' } },
        { key: 'y', value: '2' },
      ]),
    );
    const records = await readTopic(broker(), topic, 2);
    expect(Object.fromEntries(records.map((r) => [r.key, r.headers['correlation-id']]))).toEqual({ x: 'explicit', y: 'outer' });
  });
});
