import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { fromCents, toCents } from '../../../apps/order-service/src/orders/money';
import { Order, ORDER_CURRENCY, OrderLine, OrderStatus, totalCentsOf } from '../../../apps/order-service/src/orders/order';
import { insertOrder, settleOrder } from '../../../apps/order-service/src/orders/order.repository';
import type { PlaceOrderDto } from '../../../apps/order-service/src/orders/place-order/place-order.dto';
import type { JsonHttpClient } from '../http/json-http-client';
import { callNextHop, InjectNextHop } from '../http/next-hop';
import type { ChargeAnswer } from '../payment/charge-order.dto';

/** `201` answer of the synchronous `POST /orders`: the order as it ended, not as it started. */
export interface SyncPlacedOrderView {
  orderId: string;
  status: OrderStatus;
  total: number;
  paymentId: string;
  createdAt: string;
}

/**
 * The synchronous version of placing an order: store it PENDING (the order-service's tables and SQL), call the
 * payment process and wait for it (which waits for the gateway and the notification process), then store the
 * final status and answer with it. The client holds its connection for the whole chain. When a hop fails the
 * order stays PENDING and the client gets 502/503/504: whether the card was charged is then unknown to it.
 */
@Injectable()
export class PlaceOrderSyncService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    @InjectNextHop() private readonly payments: JsonHttpClient,
  ) {}

  async placeOrder(dto: PlaceOrderDto, correlationId: string): Promise<SyncPlacedOrderView> {
    const lines: OrderLine[] = dto.items.map((item) => ({ productId: item.productId, quantity: item.quantity, unitPriceCents: centsOf(item.price) }));
    const now = new Date();
    const order: Order = {
      id: randomUUID(),
      userId: dto.userId,
      status: 'PENDING',
      totalCents: totalCentsOf(lines),
      currency: ORDER_CURRENCY,
      paymentId: null,
      cancellationReason: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.transaction((tx) => insertOrder(tx, order, lines));

    const charge = { orderId: order.id, userId: order.userId, amountCents: order.totalCents, currency: order.currency };
    const payment = (await callNextHop(this.payments, '/payments', charge, correlationId)) as ChargeAnswer;
    const status: OrderStatus = payment.status === 'SUCCEEDED' ? 'PAID' : 'CANCELLED';
    const outcome = status === 'PAID' ? { status, paymentId: payment.paymentId } : { status, paymentId: payment.paymentId, reason: payment.reason ?? 'PROCESSING_ERROR' };
    await settleOrder(this.db, order.id, outcome, new Date());
    return { orderId: order.id, status, total: fromCents(order.totalCents), paymentId: payment.paymentId, createdAt: now.toISOString() };
  }
}

function centsOf(price: number): number {
  const cents = toCents(price);
  // PlaceOrderDto accepts only prices toCents can convert.
  if (cents === undefined) throw new Error(`price ${price} passed validation but is not a whole number of cents`);
  return cents;
}
