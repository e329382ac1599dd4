import type { DeadLetterMessage, RedriveResult } from '@app/kafka/dead-letter/dead-letter.service';
import type { KafkaLogger } from '@app/kafka/kafka-logger';
import type { KafkaSettings } from './kafka-session';

const silent: KafkaLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Redrives through the lib's own {@link DeadLetterService} (built by hand, no Nest app), so the CLI and the
 * services put dead letters back the same way: to the failing group's redrive topic, with fresh retry headers.
 * Loaded on demand: the lib's classes pull in Nest, which no other command needs.
 */
export async function redriveThroughLib(settings: KafkaSettings, message: DeadLetterMessage): Promise<RedriveResult> {
  const [{ DeadLetterService }, { KafkaProducer }, { KafkaMetrics }, { createKafkajsClient }, { resolveKafkaOptions }] = await Promise.all([
    import('@app/kafka/dead-letter/dead-letter.service'),
    import('@app/kafka/producer/kafka-producer'),
    import('@app/kafka/metrics/kafka-metrics'),
    import('@app/kafka/client/kafkajs-client'),
    import('@app/kafka/options/resolve-kafka-options'),
  ]);
  const options = resolveKafkaOptions({
    brokers: settings.brokers,
    clientId: settings.clientId,
    connectionTimeoutMs: Math.min(3000, settings.connectTimeoutMs),
    requestRetries: 3,
    startupRetry: { attempts: 1 },
    logger: silent,
    clientLogLevel: 'nothing',
  });
  const client = createKafkajsClient(options);
  const producer = new KafkaProducer(options, client, new KafkaMetrics());
  const deadLetters = new DeadLetterService(client, producer);
  await producer.onModuleInit();
  try {
    return await deadLetters.redrive(message);
  } finally {
    await deadLetters.onApplicationShutdown();
    await producer.onApplicationShutdown();
  }
}
