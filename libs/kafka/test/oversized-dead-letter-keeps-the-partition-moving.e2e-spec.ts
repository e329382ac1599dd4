import { Injectable } from '@nestjs/common';
import { deadLetterTopic, InboundMessage, KafkaHandler, KafkaProducer, parseJsonValue } from '../src';
import { eventually, readTopic, startApp, testKafkaOptions, uniqueName, useBroker, useAdmin } from './kafka-test-kit';

describe('a failed message too large for its dead-letter topic', () => {
  const broker = useBroker();
  const admin = useAdmin(broker);

  it('is dead-lettered without its value, saying where the original is, and the partition moves on', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const handled: string[] = [];
    // The dead-letter topic takes 4 KiB; the poison message fits its own topic, but not with the dlq-* headers added.
    await admin().createTopics({
      topics: [
        { topic, numPartitions: 1 },
        { topic: deadLetterTopic(topic), numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '4096' }] },
      ],
    });

    @Injectable()
    class JsonHandler {
      @KafkaHandler({ topic, group })
      async handle(message: InboundMessage): Promise<void> {
        parseJsonValue(message);
        handled.push(message.key ?? '');
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [JsonHandler] });
    const poison = `not json ${'x'.repeat(3900)}`;
    const [sent] = await app.get(KafkaProducer).send(topic, [
      { key: 'huge-poison', value: poison, partition: 0 },
      { key: 'good', value: '{"n":1}', partition: 0 },
    ]);

    await eventually(() => (handled.includes('good') ? true : undefined), 'the message behind the oversized poison one');
    const [dead] = await readTopic(broker(), deadLetterTopic(topic), 1);
    expect(dead.key).toBe('huge-poison');
    expect(dead.value).toBeNull();
    expect(dead.headers).toMatchObject({ 'dlq-original-topic': topic, 'dlq-original-partition': '0', 'dlq-original-offset': sent.baseOffset, 'dlq-consumer-group': group });
    expect(dead.headers['dlq-value-omitted']).toMatch(/^\d+ bytes did not fit/);
    // The original is still where the headers point.
    const [original] = await readTopic(broker(), topic, 1);
    expect(original.value).toBe(poison);
  });
});
