import { Injectable } from '@nestjs/common';
import type { OutboxMessage, OutboxPublisher } from '@app/database';
import { KafkaProducer, TopicMessages } from './kafka-producer';

/**
 * The outbox relay's way to Kafka: one `sendBatch` per relay batch, resolving only when every message is
 * acknowledged. Messages keep their relative order within each topic, hence per key.
 */
@Injectable()
export class KafkaOutboxPublisher implements OutboxPublisher {
  constructor(private readonly producer: KafkaProducer) {}

  async publish(messages: OutboxMessage[]): Promise<void> {
    const byTopic = new Map<string, TopicMessages & { messages: TopicMessages['messages'][number][] }>();
    for (const message of messages) {
      let batch = byTopic.get(message.topic);
      if (batch === undefined) {
        batch = { topic: message.topic, messages: [] };
        byTopic.set(message.topic, batch);
      }
      batch.messages.push({ key: message.key, value: message.value, headers: message.headers });
    }
    await this.producer.sendBatch([...byTopic.values()]);
  }
}
