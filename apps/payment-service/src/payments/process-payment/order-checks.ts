import type { OrderCreatedData } from '@app/contracts';

/** The order-service's own limits (POST /orders refuses more): an OrderCreated past them was not written by it. */
export const ORDER_LIMITS = Object.freeze({ maxItems: 100, maxQuantity: 10_000, maxTotalCents: 100_000_000_000 });

/** An OrderCreated the payment service refuses to charge: dead-lettered at once with the reason. */
export class RejectedOrderError extends Error {
  override readonly name = 'RejectedOrderError';
  readonly retriable = false;

  constructor(
    readonly code: 'PAYMENT.ORDER_TOTAL_MISMATCH' | 'PAYMENT.ORDER_OUT_OF_RANGE',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks what the contract leaves open: the total is what the items add up to (the payment service charges the
 * total, so a forged total would be charged), and every field is within what an order can hold.
 */
export function assertChargeable(order: OrderCreatedData): void {
  const { orderId, items, totalCents } = order;
  if (items.length > ORDER_LIMITS.maxItems) throw outOfRange(orderId, `${items.length} items (at most ${ORDER_LIMITS.maxItems})`);
  let sum = 0;
  for (const [index, item] of items.entries()) {
    if (item.quantity > ORDER_LIMITS.maxQuantity) throw outOfRange(orderId, `items[${index}].quantity ${item.quantity} (at most ${ORDER_LIMITS.maxQuantity})`);
    sum += item.quantity * item.priceCents;
  }
  if (totalCents > ORDER_LIMITS.maxTotalCents || sum > ORDER_LIMITS.maxTotalCents) {
    throw outOfRange(orderId, `total ${Math.max(totalCents, sum)} cents (at most ${ORDER_LIMITS.maxTotalCents})`);
  }
  if (totalCents === 0) throw outOfRange(orderId, 'total of 0 cents');
  if (sum !== totalCents) {
    throw new RejectedOrderError('PAYMENT.ORDER_TOTAL_MISMATCH', `order ${orderId}: totalCents ${totalCents} is not the sum of its items (quantity * priceCents = ${sum}); not charged`);
  }
}

function outOfRange(orderId: string, what: string): RejectedOrderError {
  return new RejectedOrderError('PAYMENT.ORDER_OUT_OF_RANGE', `order ${orderId}: ${what} is out of range; not charged`);
}
