import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { OrderCreatedEvent, PaymentFailedEvent, PaymentProcessedEvent } from '@app/contracts';
import { claimInboxBatch, Database, GroupCommit, InjectDatabase, Transaction } from '@app/database';
import { NOTIFICATION_SERVICE_GROUP } from '../notification-service.group';
import { findKnownOrders, insertNotifications, KnownOrder, Notification, rememberOrders } from '../notification.repository';
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

/** An event a notification is written for. */
export type NotifiedEvent = OrderCreatedEvent | PaymentProcessedEvent | PaymentFailedEvent;

/** What became of one event: notified now, notified before (a redelivery), or waiting for its order. */
export type RecordOutcome = 'recorded' | 'duplicate' | 'order-not-known';

/** Most events written by one transaction; the handlers run this many records of a batch at once. */
export const NOTIFICATION_BATCH = 100;

type NewNotification = Omit<Notification, 'createdAt'>;

/**
 * Writes one notification per event, exactly once in effect: the event id is claimed in the inbox in the same
 * transaction. Events handled at the same time share that transaction (group commit) and a handful of
 * multi-row statements, instead of a transaction and three round trips each: at full load that per-event work
 * was most of this service's and much of PostgreSQL's CPU. A payment event whose order is not known is neither
 * claimed nor written, so its retry is processed normally; the others of its batch are unaffected.
 */
@Injectable()
export class RecordNotificationService {
  private readonly logger = new Logger(RecordNotificationService.name);
  private readonly recorder: GroupCommit<NotifiedEvent, RecordOutcome>;
  /** OrderCreated events submitted and not yet committed, by order id. */
  private readonly ordersInFlight = new Map<string, Promise<RecordOutcome>>();

  constructor(@InjectDatabase() db: Database) {
    this.recorder = new GroupCommit((events) => db.transaction((tx) => recordNotifications(tx, events)), {
      maxBatchSize: NOTIFICATION_BATCH,
      // PGlite runs one transaction at a time: a second batch in flight would only wait for its connection.
      maxConcurrentBatches: db.kind === 'pglite' ? 1 : 2,
      // One event twice (a redelivery racing the first delivery) goes to two batches, one after the other.
      keyOf: (event) => event.eventId,
    });
  }

  /** Records the event's notification; throws {@link OrderNotKnownYetError} for a payment of an unknown order. */
  async record(event: NotifiedEvent): Promise<RecordOutcome> {
    const outcome = event.eventType === 'OrderCreated' ? await this.recordOrder(event) : await this.recordPayment(event);
    if (outcome === 'order-not-known') throw new OrderNotKnownYetError(event.data.orderId);
    if (outcome === 'recorded') {
      this.logger.log({ msg: `notified about ${event.eventType} of order ${event.data.orderId}`, eventId: event.eventId, orderId: event.data.orderId, eventType: event.eventType });
    }
    return outcome;
  }

  private async recordOrder(event: OrderCreatedEvent): Promise<RecordOutcome> {
    const written = this.recorder.submit(event);
    this.ordersInFlight.set(event.data.orderId, written);
    try {
      return await written;
    } finally {
      if (this.ordersInFlight.get(event.data.orderId) === written) this.ordersInFlight.delete(event.data.orderId);
    }
  }

  /**
   * A payment event whose OrderCreated is being written right now (read in the same fetch, its batch handled
   * alongside) waits for that write instead of failing as not known: at 500 orders/s a third of the payment
   * events failed so, each a retry produced, read back alone and logged.
   */
  private async recordPayment(event: PaymentProcessedEvent | PaymentFailedEvent): Promise<RecordOutcome> {
    await this.orderWrite(event.data.orderId);
    const outcome = await this.recorder.submit(event);
    // Its OrderCreated may have been submitted while this batch ran (read in the same fetch): wait once more.
    if (outcome !== 'order-not-known' || !this.ordersInFlight.has(event.data.orderId)) return outcome;
    await this.orderWrite(event.data.orderId);
    return this.recorder.submit(event);
  }

  /** Resolves once the OrderCreated of `orderId` being written, if any, has committed or failed. */
  private async orderWrite(orderId: string): Promise<void> {
    await this.ordersInFlight.get(orderId)?.catch(() => undefined);
  }
}

/**
 * Records the notifications of `events` in `tx`, one outcome per event: remembers the orders created, looks up
 * the orders of the payment events (an order created in the same batch counts as known), claims the events that
 * can be notified, and inserts a notification for each claimed one.
 */
export async function recordNotifications(tx: Transaction, events: readonly NotifiedEvent[]): Promise<RecordOutcome[]> {
  const created = events.filter((e): e is OrderCreatedEvent => e.eventType === 'OrderCreated');
  await rememberOrders(
    tx,
    created.map((e) => ({ orderId: e.data.orderId, userId: e.data.userId, totalCents: e.data.totalCents, currency: e.data.currency })),
  );
  const paymentOrderIds = events.filter((e) => e.eventType !== 'OrderCreated').map((e) => e.data.orderId);
  const known = await findKnownOrders(tx, [...new Set(paymentOrderIds)]);
  const notifications = new Map<string, NewNotification>();
  for (const event of events) {
    const notification = notificationOf(event, known);
    if (notification !== undefined) notifications.set(event.eventId, notification);
  }
  const claimed = await claimInboxBatch(tx, NOTIFICATION_SERVICE_GROUP, [...notifications.keys()]);
  await insertNotifications(
    tx,
    events.filter((e) => claimed.has(e.eventId)).map((e) => notifications.get(e.eventId) as NewNotification),
  );
  return events.map((e) => (!notifications.has(e.eventId) ? 'order-not-known' : claimed.has(e.eventId) ? 'recorded' : 'duplicate'));
}

/** The notification for `event`, or undefined for a payment event whose order is not in `known`. */
function notificationOf(event: NotifiedEvent, known: ReadonlyMap<string, KnownOrder>): NewNotification | undefined {
  const base = { notificationId: `ntf_${randomUUID()}`, eventId: event.eventId, orderId: event.data.orderId };
  switch (event.eventType) {
    case 'OrderCreated':
      return { ...base, userId: event.data.userId, kind: 'ORDER_RECEIVED', message: orderReceivedMessage(event.data.totalCents, event.data.currency) };
    case 'PaymentProcessed': {
      const order = known.get(event.data.orderId);
      return order && { ...base, userId: order.userId, kind: 'PAYMENT_SUCCEEDED', message: paymentSucceededMessage(event.data.amountCents, order.currency) };
    }
    case 'PaymentFailed': {
      const order = known.get(event.data.orderId);
      return order && { ...base, userId: order.userId, kind: 'PAYMENT_FAILED', message: paymentFailedMessage(event.data.reason) };
    }
  }
}
