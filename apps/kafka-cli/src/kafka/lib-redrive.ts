import { createKafkajsClient } from '@app/kafka/client/kafkajs-client';
import { type DeadLetterMessage, DeadLetterService, type RedriveResult } from '@app/kafka/dead-letter/dead-letter.service';
import type { KafkaLogger } from '@app/kafka/kafka-logger';
import { KafkaMetrics } from '@app/kafka/metrics/kafka-metrics';
import { resolveKafkaOptions } from '@app/kafka/options/resolve-kafka-options';
import { KafkaProducer } from '@app/kafka/producer/kafka-producer';
import type { KafkaSettings } from './kafka-session';

const silent: KafkaLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Redrives through the lib's own {@link DeadLetterService} (built by hand, no Nest app), so the CLI and the
 * services put dead letters back the same way: to the failing group's redrive topic, with fresh retry headers.
 * This module is loaded on demand (dlq.commands imports it lazily, by a relative path): the lib's classes pull in Nest,
 * which no other command needs. Its own imports are static so that `nest build` rewrites their path aliases.
 */
export async function redriveThroughLib(settings: KafkaSettings, message: DeadLetterMessage): Promise<RedriveResult> {
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
