import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { createEvent, encodeEvent, Topics } from '@app/contracts';
import { buildEventHeaders, deadLetterTopic } from '@app/kafka';
import { deadLetterHeaders } from '@app/kafka/headers/delivery-headers';
import { whileRetriable } from '../../support/test-broker';

/** A record as written, with where it landed. */
export interface SentRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
}

/** Writes the records of the reference's examples as the services and libs/kafka write them. */
export class SceneRecords {
  constructor(private readonly producer: Producer) {}

  async send(topic: string, partition: number, key: string, value: string | Buffer, headers: Record<string, string>): Promise<SentRecord> {
    const timestamp = Date.now();
    const [ack] = await whileRetriable(() => this.producer.send({ topic, acks: -1, messages: [{ key, value, partition, headers, timestamp: String(timestamp) }] }));
    return { topic, partition, offset: String(ack.baseOffset ?? ack.offset), timestamp, key, value, headers };
  }

  /** An OrderCreated event of one item, as the order service's outbox publishes it. */
  orderCreated(userId: string, totalCents: number, partition: number): Promise<SentRecord> {
    const items = [{ productId: 'prod-1', quantity: 1, priceCents: totalCents }];
    const event = createEvent('OrderCreated', { orderId: randomUUID(), userId, items, totalCents, currency: 'USD' }, { correlationId: randomUUID() });
    const headers = buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId: event.correlationId });
    return this.send(Topics.OrderCreated, partition, event.data.orderId, encodeEvent(event), headers);
  }

  async paymentProcessed(amountCents: number, correlationId: string): Promise<void> {
    const event = createEvent('PaymentProcessed', { orderId: randomUUID(), paymentId: `pay_${randomUUID()}`, amountCents }, { correlationId });
    const headers = buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId });
    await this.send(Topics.PaymentProcessed, 0, event.data.orderId, encodeEvent(event), headers);
  }

  /** A dead letter as libs/kafka writes one: the original key, value and headers, plus its dlq-* headers. */
  async deadLetter(original: SentRecord, group: string, code: string, message: string): Promise<void> {
    const origin = { topic: original.topic, partition: original.partition, offset: original.offset, timestamp: original.timestamp };
    const headers = deadLetterHeaders(original.headers, origin, { group, error: Object.assign(new Error(message), { code }), attempts: 1 });
    await this.send(deadLetterTopic(original.topic), original.partition, original.key, original.value, headers);
  }
}

/**
 * Commits `offsets` for `group` as a member that joins, commits and leaves (kafkajs commits only as a member;
 * its admin.setOffsets does the same but then waits out a whole fetch, ~5 s). The group must have no members.
 */
export async function commitAs(kafka: Kafka, group: string, offsets: readonly { topic: string; partition: number; offset: string }[]): Promise<void> {
  const topics = [...new Set(offsets.map((o) => o.topic))];
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics });
    await new Promise<void>((resolve, reject) => {
      // Not at GROUP_JOIN: until its fetch loop runs, kafkajs drops the commit and does not leave on disconnect.
      let committing = false;
      consumer.on(consumer.events.FETCH_START, () => {
        if (committing) return;
        committing = true;
        consumer.commitOffsets([...offsets]).then(resolve, reject);
      });
      consumer.run({ autoCommit: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(topics.map((topic) => ({ topic })));
    });
  } finally {
    await consumer.disconnect();
  }
}
