import { Injectable } from '@nestjs/common';
import { buildEventHeaders, deadLetterTopic, InboundMessage, KafkaConsumers, KafkaHandler, KafkaMetrics, KafkaProducer } from '../src';
import { Malformation, produceMalformedBatch } from '../../../test/support/malformed-batch';
import { describeOnEmbedded } from '../../../test/support/test-broker';
import { eventually, readTopic, recordingLogger, startApp, testKafkaOptions, uniqueName, useBroker } from './kafka-test-kit';

// Embedded-only: Apache Kafka validates every batch before appending it (it answers these with
// UNSUPPORTED_COMPRESSION_TYPE, UNKNOWN_SERVER_ERROR and INVALID_RECORD), so none can reach a consumer there.
describeOnEmbedded('a batch no client can decode', () => {
  const broker = useBroker();

  it.each<Malformation>(['corrupt-zstd', 'unknown-codec', 'record-count-too-high'])(
    'does not stop the group (%s): it is dead-lettered whole, logged, counted, and the records around it are consumed',
    async (kind) => {
      const topic = uniqueName('orders');
      const group = uniqueName('payments');
      const handled: string[] = [];

      @Injectable()
      class Handler {
        @KafkaHandler({ topic, group })
        async handle(message: InboundMessage): Promise<void> {
          handled.push(message.key ?? '');
        }
      }

      const logger = recordingLogger();
      const app = await startApp({ kafka: testKafkaOptions(broker(), { logger, consumer: { undecodableAttempts: 2 } }), providers: [Handler] });
      const producer = app.get(KafkaProducer);
      const send = (key: string) =>
        producer.send(topic, [{ key, value: '{}', partition: 0, headers: buildEventHeaders({ eventId: key, eventType: 'Test', eventVersion: 1, correlationId: key }) }]);
      await send('before');
      await eventually(() => (handled.includes('before') ? true : undefined), 'the record before the bad batch');
      await send('just-before');
      const badOffset = await produceMalformedBatch(broker().bootstrapServers, topic, 0, kind);
      await send('after');

      const health = () =>
        app
          .get(KafkaConsumers)
          .health()
          .find((g) => g.group === group);
      const down = await eventually(() => (health()?.up === false ? health() : undefined), 'the group reported down');
      expect(down.reason).toMatch(/crashed|restarting/);
      await eventually(() => (handled.includes('after') ? true : undefined), 'the record after the bad batch', 60_000);
      expect(handled).toEqual(['before', 'just-before', 'after']);
      await eventually(() => (health()?.up === true ? true : undefined), 'the group up again');

      const [dead] = await readTopic(broker(), deadLetterTopic(topic), 1);
      expect(dead.headers).toMatchObject({
        'dlq-original-topic': topic,
        'dlq-original-partition': '0',
        'dlq-original-offset': badOffset,
        'dlq-original-first-offset': badOffset,
        'dlq-consumer-group': group,
        'dlq-error-type': 'UndecodableBatch',
        'dlq-raw-batch': 'true',
      });
      expect(Number(dead.headers['dlq-original-last-offset'])).toBeGreaterThanOrEqual(Number(badOffset));
      expect(dead.headers['dlq-error-message']).toMatch(kind === 'record-count-too-high' ? /record count 2/ : /zstd|codec 5/);
      expect(logger.lines.some((l) => l.level === 'error' && /skipped an undecodable batch/.test(l.message))).toBe(true);
      const metrics = await app.get(KafkaMetrics).registry.metrics();
      expect(metrics).toMatch(new RegExp(`kafka_consumer_skipped_batches_total\\{topic="${topic}",group="${group}"\\} 1`));
      expect(metrics).toMatch(new RegExp(`kafka_consumer_crashes_total\\{group="${group}"\\} [1-9]`));
      expect(metrics).toMatch(new RegExp(`kafka_consumer_up\\{group="${group}"\\} 1`));
    },
  );
});
