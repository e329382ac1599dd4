import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { OrderCreatedEvent, PaymentFailedEvent, PaymentProcessedEvent } from '@app/contracts';
import { Transaction } from '@app/database';
import { findKnownOrder, insertNotification, KnownOrder, NotificationKind, rememberOrder } from '../notification.repository';
import { orderReceivedMessage, paymentFailedMessage, paymentSucceededMessage } from './notification-messages';

/**
 * A payment event for an order this service has not seen yet: `order-created` and the payment topics are read
 * independently, so it can arrive first. Retriable: the retry runs after the order has most likely arrived.
 */
export class OrderNotKnownYetError extends Error {
  override readonly name = 'OrderNotKnownYetError';
  readonly code = 'NOTIFICATION.ORDER_NOT_KNOWN_YET';
  readonly retriable = true;

  constructor(readonly orderId: string) {
    super(`order ${orderId} is not known yet; its OrderCreated has not been read`);
  }
}

/** Writes one notification per event, inside the inbox transaction the kafka lib opened for it. */
@Injectable()
export class RecordNotificationService {
  private readonly logger = new Logger(RecordNotificationService.name);

  async orderReceived(tx: Transaction, event: OrderCreatedEvent): Promise<void> {
    const { orderId, userId, totalCents, currency } = event.data;
    await rememberOrder(tx, { orderId, userId, totalCents, currency });
    await this.record(tx, event.eventId, { orderId, userId }, 'ORDER_RECEIVED', orderReceivedMessage(totalCents, currency));
  }

  async paymentSucceeded(tx: Transaction, event: PaymentProcessedEvent): Promise<void> {
    const order = await this.knownOrder(tx, event.data.orderId);
    await this.record(tx, event.eventId, order, 'PAYMENT_SUCCEEDED', paymentSucceededMessage(event.data.amountCents, order.currency));
  }

  async paymentFailed(tx: Transaction, event: PaymentFailedEvent): Promise<void> {
    const order = await this.knownOrder(tx, event.data.orderId);
    await this.record(tx, event.eventId, order, 'PAYMENT_FAILED', paymentFailedMessage(event.data.reason));
  }

  private async knownOrder(tx: Transaction, orderId: string): Promise<KnownOrder> {
    const order = await findKnownOrder(tx, orderId);
    if (order === undefined) throw new OrderNotKnownYetError(orderId);
    return order;
  }

  private async record(tx: Transaction, eventId: string, to: { orderId: string; userId: string }, kind: NotificationKind, message: string): Promise<void> {
    const notificationId = `ntf_${randomUUID()}`;
    await insertNotification(tx, { notificationId, eventId, userId: to.userId, orderId: to.orderId, kind, message });
    this.logger.log({ msg: `notified ${to.userId}: ${message}`, notificationId, userId: to.userId, orderId: to.orderId, kind });
  }
}
