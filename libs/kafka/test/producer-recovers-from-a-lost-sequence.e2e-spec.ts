import { Kafka, logLevel } from 'kafkajs';
import { KafkajsProducer } from '../src/client/kafkajs-producer';
import { uniqueName, useBroker } from './kafka-test-kit';

/**
 * A produce request that the broker applies in part (one partition appended, another refused for its size) leaves
 * the kafkajs idempotent producer with sequence numbers the broker no longer accepts: before, every later send of
 * that producer failed with OUT_OF_ORDER_SEQUENCE_NUMBER for as long as the service ran (seen in the chaos suite:
 * analytics-service could dead-letter nothing more). The lib's producer replaces itself and the next send goes.
 */
describe('the producer after a partly applied request', () => {
  const broker = useBroker();

  it('fails that request, then sends again', async () => {
    const kafka = new Kafka({ clientId: uniqueName('lost-sequence'), brokers: broker().bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 1 } });
    const topic = uniqueName('strict');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: '2000' }] }] });
    await admin.disconnect();

    const producer = new KafkajsProducer(kafka);
    await producer.connect();
    try {
      await producer.send([{ topic, messages: [{ key: 'k', value: 'first', partition: 0 }] }]);
      await expect(
        producer.send([
          {
            topic,
            messages: [
              { key: 'k', value: 'appended', partition: 0 },
              { key: 'k', value: 'appended too', partition: 0 },
              { key: 'k', value: 'x'.repeat(5000), partition: 1 },
            ],
          },
        ]),
      ).rejects.toThrow();

      const outcomes: string[] = [];
      for (let attempt = 0; attempt < 3 && outcomes.at(-1) !== 'sent'; attempt++) {
        outcomes.push(
          await producer.send([{ topic, messages: [{ key: 'k', value: 'after', partition: 0 }] }]).then(
            () => 'sent',
            (error: Error) => error.message,
          ),
        );
      }
      expect(outcomes.at(-1)).toBe('sent');
    } finally {
      await producer.disconnect();
    }
  });
});
