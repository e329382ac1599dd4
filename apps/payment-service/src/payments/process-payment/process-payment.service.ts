import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createEvent, createUncheckedEvent, encodeEvent, OrderCreatedEvent, PaymentFailedEvent, PaymentProcessedEvent, topicOf } from '@app/contracts';
import { Database, GroupCommit, InjectDatabase, OutboxMessage } from '@app/database';
import { buildEventHeaders } from '@app/kafka';
import { ChargeResult, PAYMENT_GATEWAY, PaymentGateway } from '../gateway/payment-gateway';
import { Delivery, findAlreadyProcessed, NewPayment } from '../payment.repository';
import { PAYMENT_SERVICE_GROUP } from '../payment-service.group';
import { PaymentMetrics } from '../payment.metrics';
import { ServiceOutboxRelay } from '@app/service-kit';
import { ChargedOrder, recordPaymentBatch, RecordOutcome } from './record-payment-batch';

/** What became of one `OrderCreated` delivery. */
export type PaymentOutcome = 'paid' | 'declined' | 'duplicate';

/**
 * Charges an order exactly once in effect. No transaction is held across the gateway call (PGlite has one
 * connection, so that would serialise every payment): the gateway is asked first, with the order id as idempotency
 * key, and a short transaction then claims the event, stores the payment and enqueues its outcome event. When the
 * claim or the one-payment-per-order constraint shows that someone else got there first, nothing is written.
 * Payments charged at the same time (the handler runs several records of a batch at once) share that transaction
 * (group commit).
 */
@Injectable()
export class ProcessPaymentService {
  private readonly logger = new Logger(ProcessPaymentService.name);
  private readonly recorder: GroupCommit<ChargedOrder, RecordOutcome>;
  private readonly lookup: GroupCommit<Delivery, boolean>;

  constructor(
    @InjectDatabase() private readonly db: Database,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly relay: ServiceOutboxRelay,
    private readonly metrics: PaymentMetrics,
  ) {
    this.recorder = new GroupCommit((charged) => this.record(charged), {
      // PGlite runs one transaction at a time: a second batch in flight would only wait for its connection.
      maxConcurrentBatches: db.kind === 'pglite' ? 1 : 2,
      keyOf: (charged) => charged.payment.orderId,
    });
    // The look-up before the gateway call, shared the same way: one statement for the deliveries in flight
    // rather than a round trip each (at full load, one of the largest costs of this service and of PostgreSQL).
    this.lookup = new GroupCommit((deliveries) => findAlreadyProcessed(db, PAYMENT_SERVICE_GROUP, deliveries), {
      maxConcurrentBatches: db.kind === 'pglite' ? 1 : 2,
    });
  }

  /** `attempt` is the delivery attempt of the event (1 for the first); gateway failures are thrown. */
  async process(order: OrderCreatedEvent, attempt: number): Promise<PaymentOutcome> {
    const { orderId, userId, totalCents, currency } = order.data;
    if (await this.lookup.submit({ eventId: order.eventId, orderId })) return this.duplicate(order);

    const charge = await this.gateway.charge({ idempotencyKey: orderId, userId, amountCents: totalCents, currency, attempt });
    const payment = paymentOf(order, charge);
    const outcomeEvent = outcomeEventOf(order, payment, charge);
    const recorded = await this.recorder.submit({ eventId: order.eventId, payment, outcome: toOutboxMessage(outcomeEvent) });
    if (recorded === 'duplicate') return this.duplicate(order);
    const outcome = payment.status === 'SUCCEEDED' ? 'paid' : 'declined';
    this.metrics.payments.inc({ outcome });
    // Info, the lifecycle a person follows in `npm start`; at thousands a second it costs ~14% of the CPU, so the
    // benches and a production deployment under load run with LOG_LEVEL=warn (payments_total counts them).
    this.logger.log({ msg: `payment for order ${orderId} ${outcome}`, orderId, paymentId: payment.paymentId, outcome, amountCents: totalCents });
    return outcome;
  }

  private record(charged: readonly ChargedOrder[]): Promise<RecordOutcome[]> {
    return this.db.transaction(async (tx) => {
      const outcomes = await recordPaymentBatch(tx, PAYMENT_SERVICE_GROUP, charged);
      tx.afterCommit(() => this.relay.wake());
      return outcomes;
    });
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
    // Unchecked: its fields are the decoded OrderCreated's and our own payment id (the paid-once test decodes it);
    // the check cost about as much as the rest of building it. A decline carries the gateway's words: checked.
    return createUncheckedEvent('PaymentProcessed', { orderId: payment.orderId, paymentId: payment.paymentId, amountCents: payment.amountCents }, options);
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
