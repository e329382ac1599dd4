/** Kafka topics that carry business events. Services talk to each other only through these. */
export const Topics = {
  OrderCreated: 'order-created',
  PaymentProcessed: 'payment-processed',
  PaymentFailed: 'payment-failed',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export type DeadLetterTopic<T extends string> = `${T}-dlq`;

/** Topic where a consumer parks messages of `topic` that can never succeed. */
export function deadLetterTopic<T extends string>(topic: T): DeadLetterTopic<T> {
  return `${topic}-dlq`;
}
