import { fromCents } from './money';
import type { Order, OrderLine, OrderStatus } from './order';

/** `201` answer to `POST /orders`; replayed as it was for a retried Idempotency-Key. */
export interface PlacedOrderView {
  orderId: string;
  status: OrderStatus;
  total: number;
  createdAt: string;
}

export interface OrderSummaryView {
  orderId: string;
  userId: string;
  status: OrderStatus;
  total: number;
  currency: string;
  /** Set once the payment succeeded, and when a failed payment got as far as having an id. */
  paymentId: string | null;
  /** Why the order was cancelled (the payment service's reason code), null otherwise. */
  cancellationReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderView extends OrderSummaryView {
  items: { productId: string; quantity: number; price: number }[];
}

export function toSummaryView(order: Order): OrderSummaryView {
  return {
    orderId: order.id,
    userId: order.userId,
    status: order.status,
    total: fromCents(order.totalCents),
    currency: order.currency,
    paymentId: order.paymentId,
    cancellationReason: order.cancellationReason,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export function toOrderView(order: Order, lines: readonly OrderLine[]): OrderView {
  return {
    ...toSummaryView(order),
    items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, price: fromCents(l.unitPriceCents) })),
  };
}
