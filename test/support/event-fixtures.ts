import { randomUUID } from 'node:crypto';
import { createEvent, OrderCreatedData, OrderCreatedEvent, PaymentFailedEvent, PaymentFailureReason, PaymentProcessedEvent } from '@app/contracts';
import { uniqueId } from './service-test-kit';

/**
 * A valid order; tests override what they are about. A `totalCents` given without `items` gets one item of that
 * price, so the total stays the sum of the items (the payment service refuses other orders).
 */
export function orderData(overrides: Partial<OrderCreatedData> = {}): OrderCreatedData {
  if (overrides.totalCents !== undefined && overrides.items === undefined && overrides.totalCents > 0) {
    overrides = { ...overrides, items: [{ productId: 'sku-gift-card', quantity: 1, priceCents: overrides.totalCents }] };
  }
  return {
    orderId: uniqueId('ord'),
    userId: uniqueId('usr'),
    items: [
      { productId: 'sku-espresso-beans-1kg', quantity: 2, priceCents: 2450 },
      { productId: 'sku-milk-frother', quantity: 1, priceCents: 3999 },
    ],
    totalCents: 8899,
    currency: 'USD',
    ...overrides,
  };
}

export function orderCreated(overrides: Partial<OrderCreatedData> = {}): OrderCreatedEvent {
  return createEvent('OrderCreated', orderData(overrides), { correlationId: randomUUID() });
}

/** The payment-service's answer for `order`, in the order's correlation chain. */
export function paymentProcessed(order: OrderCreatedEvent): PaymentProcessedEvent {
  const data = { orderId: order.data.orderId, paymentId: uniqueId('pay'), amountCents: order.data.totalCents };
  return createEvent('PaymentProcessed', data, { correlationId: order.correlationId });
}

export function paymentFailed(order: OrderCreatedEvent, reason: PaymentFailureReason = 'DECLINED'): PaymentFailedEvent {
  const data = { orderId: order.data.orderId, paymentId: uniqueId('pay'), reason, message: 'card declined by the issuer' };
  return createEvent('PaymentFailed', data, { correlationId: order.correlationId });
}
