import { randomUUID } from 'node:crypto';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { createEvent, encodeEvent, Topics } from '@app/contracts';
import { buildEventHeaders } from '@app/kafka';

const BATCH = 500;

/**
 * Puts `count` valid OrderCreated v1 events (envelope, headers and key as the order-service's outbox relay
 * writes them) on the order-created topic, for a payment-service to drain later.
 */
export async function produceOrderCreatedBacklog(bootstrapServers: string, count: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-backlog', brokers: [bootstrapServers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let sent = 0; sent < count; sent += BATCH) {
      const messages = Array.from({ length: Math.min(BATCH, count - sent) }, (_, i) => {
        const orderId = randomUUID();
        const correlationId = randomUUID();
        const event = createEvent(
          'OrderCreated',
          { orderId, userId: `bench-backlog-${(sent + i) % 1000}`, items: [{ productId: 'sku-bench-1', quantity: 1, priceCents: 1250 }], totalCents: 1250, currency: 'USD' },
          { correlationId },
        );
        return { key: orderId, value: encodeEvent(event), headers: buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId }) };
      });
      await producer.send({ topic: Topics.OrderCreated, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Counts the payment results (processed + failed) published so far, from the topics' high watermarks. */
export class PaymentResultCounter {
  private constructor(private readonly admin: Admin) {}

  static async connect(bootstrapServers: string): Promise<PaymentResultCounter> {
    const admin = new Kafka({ clientId: 'bench-backlog-watch', brokers: [bootstrapServers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [Topics.PaymentProcessed, Topics.PaymentFailed].map((topic) => ({ topic, numPartitions: 6 })), waitForLeaders: true });
    return new PaymentResultCounter(admin);
  }

  async count(): Promise<number> {
    let total = 0;
    for (const topic of [Topics.PaymentProcessed, Topics.PaymentFailed]) {
      for (const partition of await this.admin.fetchTopicOffsets(topic)) total += Number(partition.high);
    }
    return total;
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
