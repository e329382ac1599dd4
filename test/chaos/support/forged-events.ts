import { randomUUID } from 'node:crypto';
import { AnyEvent, createEvent, createUncheckedEvent, encodeEvent, topicOf } from '@app/contracts';
import { buildEventHeaders } from '@app/kafka';
import { createKafkajs } from '@app/kafka/client/kafkajs-codecs';
import { logLevel } from 'kafkajs';

/** A forged event, and what the receiving service must answer: a dead letter with this `dlq-error-type`. */
export interface Forgery {
  readonly name: string;
  readonly event: AnyEvent;
  readonly expectedErrorTypes: readonly string[];
}

const ITEMS = [{ productId: 'sku-forged', quantity: 2, priceCents: 500 }];

export function forgedTotal(): Forgery {
  const data = { orderId: randomUUID(), userId: 'forger', items: ITEMS, totalCents: 1, currency: 'USD' as const };
  return {
    name: 'OrderCreated whose total is not its items',
    event: createEvent('OrderCreated', data, { correlationId: randomUUID() }),
    expectedErrorTypes: ['PAYMENT.ORDER_TOTAL_MISMATCH'],
  };
}

export function forgedQuantity(): Forgery {
  const data = { orderId: randomUUID(), userId: 'forger', items: [{ productId: 'sku-forged', quantity: 1_000_000, priceCents: 1 }], totalCents: 1_000_000, currency: 'USD' as const };
  return {
    name: 'OrderCreated with a quantity out of range',
    event: createUncheckedEvent('OrderCreated', data, { correlationId: randomUUID() }),
    expectedErrorTypes: ['PAYMENT.ORDER_OUT_OF_RANGE'],
  };
}

export function forgedPaymentForUnknownOrder(): Forgery {
  const data = { orderId: randomUUID(), paymentId: `pay_${randomUUID()}`, amountCents: 1000 };
  return { name: 'PaymentProcessed for an order never issued', event: createEvent('PaymentProcessed', data, { correlationId: randomUUID() }), expectedErrorTypes: ['ORDER.UNKNOWN_ORDER'] };
}

/** For an order just placed: a payment of 1 cent (PENDING: wrong amount; already PAID: a second payment). */
export function forgedCheapPayment(orderId: string): Forgery {
  const data = { orderId, paymentId: `pay_${randomUUID()}`, amountCents: 1 };
  return {
    name: 'PaymentProcessed of 1 cent for a real order',
    event: createEvent('PaymentProcessed', data, { correlationId: randomUUID() }),
    expectedErrorTypes: ['ORDER.PAYMENT_AMOUNT_MISMATCH', 'ORDER.CONFLICTING_PAYMENT_RESULT'],
  };
}

/** For an order already settled: the opposite outcome. */
export function forgedFailureOfPaidOrder(orderId: string): Forgery {
  const data = { orderId, paymentId: null, reason: 'DECLINED' as const, message: 'forged decline' };
  return { name: 'PaymentFailed for a settled order', event: createEvent('PaymentFailed', data, { correlationId: randomUUID() }), expectedErrorTypes: ['ORDER.CONFLICTING_PAYMENT_RESULT'] };
}

export async function publishForgeries(bootstrapServers: string, forgeries: readonly Forgery[]): Promise<void> {
  const producer = createKafkajs({ clientId: 'chaos-forger', brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    for (const { event } of forgeries) {
      const headers = buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId: event.correlationId });
      await producer.send({ topic: topicOf(event.eventType), messages: [{ key: event.data.orderId, value: encodeEvent(event), headers }] });
    }
  } finally {
    await producer.disconnect();
  }
}
