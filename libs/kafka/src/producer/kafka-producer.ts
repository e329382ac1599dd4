import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { KafkaClientPort, KafkaProducerPort, OutgoingRecord, RecordAck, TopicRecords } from '../client/client.ports';
import { connectWithRetry } from '../client/connect-with-retry';
import { correlationContext } from '../correlation/correlation-context';
import { EventHeaders } from '../headers/event-headers';
import { KafkaError } from '../kafka.errors';
import { KafkaMetrics } from '../metrics/kafka-metrics';
import { KAFKA_CLIENT, KAFKA_OPTIONS } from '../nest/kafka.constants';
import type { ResolvedKafkaOptions } from '../options/resolve-kafka-options';
import { isLegalTopicName } from '../retry/retry-topics';

/** A message to send: keyed (null only on purpose), headers as strings. */
export type OutgoingMessage = OutgoingRecord;

export interface TopicMessages {
  topic: string;
  messages: readonly OutgoingMessage[];
}

/**
 * Sends messages through one idempotent producer (acks from all in-sync replicas), connected at start-up and
 * disconnected in `onApplicationShutdown`, after the consumers have stopped. Messages without a
 * `correlation-id` header get the current {@link correlationContext} id.
 */
@Injectable()
export class KafkaProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: KafkaProducerPort;

  constructor(
    @Inject(KAFKA_OPTIONS) private readonly options: ResolvedKafkaOptions,
    @Inject(KAFKA_CLIENT) client: KafkaClientPort,
    private readonly metrics: KafkaMetrics,
  ) {
    this.producer = client.producer();
  }

  async onModuleInit(): Promise<void> {
    const { brokers, startupRetry, logger } = this.options;
    await connectWithRetry('producer', () => this.producer.connect(), { brokers, retry: startupRetry, logger });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Sends `messages` to `topic`; resolves when all are acknowledged. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<RecordAck[]> {
    return this.sendBatch([{ topic, messages }]);
  }

  /** Sends to several topics in one request per broker; resolves when all are acknowledged. */
  async sendBatch(batches: readonly TopicMessages[]): Promise<RecordAck[]> {
    const correlationId = correlationContext.get();
    const prepared: TopicRecords[] = batches.map(({ topic, messages }) => {
      if (!isLegalTopicName(topic)) throw new KafkaError('KAFKA.INVALID_MESSAGE', `topic ${JSON.stringify(topic)} is not a legal Kafka topic name`);
      return { topic, messages: messages.map((message, i) => prepare(topic, i, message, correlationId)) };
    });
    const acks = await this.producer.send(prepared);
    for (const batch of prepared) this.metrics.produced.inc({ topic: batch.topic }, batch.messages.length);
    return acks;
  }
}

function prepare(topic: string, index: number, message: OutgoingMessage, correlationId: string | undefined): OutgoingRecord {
  if (!('key' in message) || !('value' in message)) {
    throw new KafkaError('KAFKA.INVALID_MESSAGE', `message ${index} for ${topic} needs a key and a value (null only on purpose)`);
  }
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (typeof value !== 'string') throw new KafkaError('KAFKA.INVALID_MESSAGE', `header ${name} of message ${index} for ${topic} must be a string`);
  }
  if (correlationId === undefined || message.headers?.[EventHeaders.CorrelationId] !== undefined) return message;
  return { ...message, headers: { ...message.headers, [EventHeaders.CorrelationId]: correlationId } };
}
