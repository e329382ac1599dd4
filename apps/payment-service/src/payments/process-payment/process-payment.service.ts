import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent, encodeEvent, OrderCreatedEvent, PaymentFailedEvent, PaymentProcessedEvent, topicOf } from '@app/contracts';
import { claimInbox, Database, enqueueOutbox, InjectDatabase, OutboxMessage } from '@app/database';
import { buildEventHeaders } from '@app/kafka';
import { ChargeResult, PAYMENT_GATEWAY, PaymentGateway } from '../gateway/payment-gateway';
import { insertPayment, isAlreadyProcessed, NewPayment } from '../payment.repository';
import { PAYMENT_SERVICE_GROUP } from '../payment-service.group';
import { PaymentMetrics } from '../payment.metrics';
import { ServiceOutboxRelay } from '@app/service-kit';

/** What became of one `OrderCreated` delivery. */
export type PaymentOutcome = 'paid' | 'declined' | 'duplicate';

/** Rolls the transaction back when another instance or an earlier event already paid the order. */
class AlreadyPaid extends Error {}

/**
 * Charges an order exactly once in effect. No transaction is held across the gateway call (PGlite has one
 * connection, so that would serialise every payment): the gateway is asked first, with the order id as idempotency
 * key, and a short transaction then claims the event, stores the payment and enqueues its outcome event. When the
 * claim or the one-payment-per-order constraint shows that someone else got there first, nothing is written.
 */
@Injectable()
export class ProcessPaymentService {
  private readonly logger = new Logger(ProcessPaymentService.name);

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly relay: ServiceOutboxRelay,
    private readonly metrics: PaymentMetrics,
  ) {}

  /** `attempt` is the delivery attempt of the event (1 for the first); gateway failures are thrown. */
  async process(order: OrderCreatedEvent, attempt: number): Promise<PaymentOutcome> {
    const { orderId, userId, totalCents, currency } = order.data;
    if (await isAlreadyProcessed(this.db, PAYMENT_SERVICE_GROUP, order.eventId, orderId)) return this.duplicate(order);

    const charge = await this.gateway.charge({ idempotencyKey: orderId, userId, amountCents: totalCents, currency, attempt });
    const payment = paymentOf(order, charge);
    const outcomeEvent = outcomeEventOf(order, payment, charge);
    try {
      await this.db.transaction(async (tx) => {
        if (!(await claimInbox(tx, PAYMENT_SERVICE_GROUP, order.eventId))) throw new AlreadyPaid();
        if (!(await insertPayment(tx, payment))) throw new AlreadyPaid();
        await enqueueOutbox(tx, [toOutboxMessage(outcomeEvent)]);
        tx.afterCommit(() => this.relay.wake());
      });
    } catch (error) {
      if (error instanceof AlreadyPaid) return this.duplicate(order);
      throw error;
    }
    const outcome = payment.status === 'SUCCEEDED' ? 'paid' : 'declined';
    this.metrics.payments.inc({ outcome });
    this.logger.log({ msg: `order ${orderId} ${outcome}`, orderId, paymentId: payment.paymentId, outcome, amountCents: totalCents });
    return outcome;
  }

  private duplicate(order: OrderCreatedEvent): PaymentOutcome {
    this.metrics.payments.inc({ outcome: 'duplicate' });
    this.logger.log({ msg: `order ${order.data.orderId} already has a payment; event ${order.eventId} acknowledged`, orderId: order.data.orderId, eventId: order.eventId });
    return 'duplicate';
  }
}

function paymentOf(order: OrderCreatedEvent, charge: ChargeResult): NewPayment {
  const { orderId, userId, totalCents, currency } = order.data;
  const declined = charge.status === 'declined';
  return {
    paymentId: `pay_${randomUUID()}`,
    orderId,
    userId,
    amountCents: totalCents,
    currency,
    status: declined ? 'FAILED' : 'SUCCEEDED',
    failureReason: declined ? charge.reason : null,
    failureMessage: declined ? charge.message : null,
    gatewayReference: charge.reference,
    orderEventId: order.eventId,
  };
}

function outcomeEventOf(order: OrderCreatedEvent, payment: NewPayment, charge: ChargeResult): PaymentProcessedEvent | PaymentFailedEvent {
  const options = { correlationId: order.correlationId };
  if (charge.status === 'approved') {
    return createEvent('PaymentProcessed', { orderId: payment.orderId, paymentId: payment.paymentId, amountCents: payment.amountCents }, options);
  }
  return createEvent('PaymentFailed', { orderId: payment.orderId, paymentId: payment.paymentId, reason: charge.reason, message: charge.message }, options);
}

function toOutboxMessage(event: PaymentProcessedEvent | PaymentFailedEvent): OutboxMessage {
  return {
    topic: topicOf(event.eventType),
    key: event.data.orderId,
    value: encodeEvent(event),
    headers: buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId: event.correlationId }),
  };
}
