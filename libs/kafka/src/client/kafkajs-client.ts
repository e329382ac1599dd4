import type { ResolvedKafkaOptions } from '../options/resolve-kafka-options';
import type { GroupConsumerConfig, KafkaAdminPort, KafkaClientPort, KafkaConsumerPort, KafkaProducerPort } from './client.ports';
import { KafkajsAdmin } from './kafkajs-admin';
import { createKafkajs, KAFKAJS_COMPRESSION } from './kafkajs-codecs';
import { KafkajsConsumer } from './kafkajs-consumer';
import { KAFKAJS_LOG_LEVEL, kafkajsLogCreator } from './kafkajs-log';
import { KafkajsProducer } from './kafkajs-producer';

/** The {@link KafkaClientPort} backed by kafkajs; the only place that builds kafkajs objects. */
export function createKafkajsClient(options: ResolvedKafkaOptions): KafkaClientPort {
  const kafka = createKafkajs({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ssl: options.ssl,
    sasl: options.sasl === undefined ? undefined : { ...options.sasl },
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    retry: { retries: options.requestRetries },
    logLevel: KAFKAJS_LOG_LEVEL[options.clientLogLevel],
    logCreator: kafkajsLogCreator(options.logger),
  });
  return {
    producer: (): KafkaProducerPort => new KafkajsProducer(kafka, KAFKAJS_COMPRESSION[options.compression]),
    consumer: (config: GroupConsumerConfig): KafkaConsumerPort => new KafkajsConsumer(kafka, config),
    admin: (): KafkaAdminPort => new KafkajsAdmin(kafka, options.clientId),
  };
}
