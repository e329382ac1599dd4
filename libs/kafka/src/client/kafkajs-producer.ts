import { Kafka, Partitioners, Producer } from 'kafkajs';
import type { KafkaProducerPort, RecordAck, TopicRecords } from './client.ports';
import { toKafkajsMessage } from './kafkajs-records';

/** Idempotent, acks from every in-sync replica, murmur2 partitioning of keys like the Java client. */
export class KafkajsProducer implements KafkaProducerPort {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      // Idempotence only keeps order with one request in flight per broker in kafkajs.
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send(batches: readonly TopicRecords[]): Promise<RecordAck[]> {
    const topicMessages = batches
      .filter((batch) => batch.messages.length > 0)
      .map((batch) => ({ topic: batch.topic, messages: batch.messages.map(toKafkajsMessage) }));
    if (topicMessages.length === 0) return [];
    const metadata = await this.producer.sendBatch({ acks: -1, topicMessages });
    return metadata.map((m) => ({ topic: m.topicName, partition: m.partition, baseOffset: m.baseOffset ?? m.offset ?? '-1' }));
  }
}
