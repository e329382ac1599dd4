import { Injectable } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { fromCents } from '../../../apps/order-service/src/orders/money';
import type { OrderStatus } from '../../../apps/order-service/src/orders/order';
import { insertOrder, settleOrder } from '../../../apps/order-service/src/orders/order.repository';
import { newPendingOrder } from '../../../apps/order-service/src/orders/place-order/order-draft';
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
    const { order, lines } = newPendingOrder(dto);
    await this.db.transaction((tx) => insertOrder(tx, order, lines));

    const charge = { orderId: order.id, userId: order.userId, amountCents: order.totalCents, currency: order.currency };
    const payment = (await callNextHop(this.payments, '/payments', charge, correlationId)) as ChargeAnswer;
    const status: OrderStatus = payment.status === 'SUCCEEDED' ? 'PAID' : 'CANCELLED';
    const outcome = status === 'PAID' ? { status, paymentId: payment.paymentId } : { status, paymentId: payment.paymentId, reason: payment.reason ?? 'PROCESSING_ERROR' };
    await settleOrder(this.db, order.id, outcome, new Date());
    return { orderId: order.id, status, total: fromCents(order.totalCents), paymentId: payment.paymentId, createdAt: order.createdAt.toISOString() };
  }
}
