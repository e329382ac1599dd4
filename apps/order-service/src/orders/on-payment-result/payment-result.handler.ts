import { Injectable, Logger } from '@nestjs/common';
import { decodeEvent, Topics } from '@app/contracts';
import type { Transaction } from '@app/database';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { UUID } from '../order';
import { OrderMetrics } from '../order-metrics';
import { PaymentOutcome, settleOrder } from '../order.repository';

/** The order-service's consumer group. */
export const ORDER_SERVICE_GROUP = 'order-service';

const RESULT_CONCURRENCY = 100;

/**
 * The order side of the saga: `PaymentProcessed` moves a PENDING order to PAID, `PaymentFailed` to CANCELLED.
 * Each runs in the inbox transaction, so a redelivered event changes nothing. An event for an unknown order or
 * an order already final is logged and acknowledged: retrying cannot make it apply. An event that does not
 * decode is not retriable and goes to the dead-letter topic. Results of different orders are independent, so up
 * to {@link RESULT_CONCURRENCY} of a batch are applied at once, sharing one inbox transaction (the lib's group commit).
 */
@Injectable()
export class PaymentResultHandler {
  private readonly logger = new Logger(PaymentResultHandler.name);

  constructor(private readonly metrics: OrderMetrics) {}

  @KafkaHandler({ topic: Topics.PaymentProcessed, group: ORDER_SERVICE_GROUP, inbox: true, concurrency: RESULT_CONCURRENCY })
  async onPaymentProcessed(message: InboundMessage, tx?: Transaction): Promise<void> {
    const { data, eventId } = decodeEvent('PaymentProcessed', message.value);
    const applied = await this.settle(requireTx(tx), data.orderId, { status: 'PAID', paymentId: data.paymentId }, eventId);
    if (applied !== undefined && applied.totalCents !== data.amountCents) {
      this.logger.error({ msg: 'payment amount differs from the order total', orderId: data.orderId, eventId, amountCents: data.amountCents, totalCents: applied.totalCents });
    }
  }

  @KafkaHandler({ topic: Topics.PaymentFailed, group: ORDER_SERVICE_GROUP, inbox: true, concurrency: RESULT_CONCURRENCY })
  async onPaymentFailed(message: InboundMessage, tx?: Transaction): Promise<void> {
    const { data, eventId } = decodeEvent('PaymentFailed', message.value);
    await this.settle(requireTx(tx), data.orderId, { status: 'CANCELLED', paymentId: data.paymentId, reason: data.reason }, eventId);
  }

  /** Returns the order's total when the outcome was applied, undefined when it was ignored. */
  private async settle(tx: Transaction, orderId: string, outcome: PaymentOutcome, eventId: string): Promise<{ totalCents: number } | undefined> {
    const fields = { orderId, eventId, outcome: outcome.status };
    // Our ids are UUIDs; anything else cannot name one of our orders (and would not fit the uuid column).
    const result = UUID.test(orderId) ? await settleOrder(tx, orderId.toLowerCase(), outcome, new Date()) : { changed: false as const, current: undefined };
    if (result.changed) {
      this.metrics.paymentResults.inc({ outcome: outcome.status === 'PAID' ? 'paid' : 'cancelled' });
      // Debug: one line per order at full load is CPU spent on stdout; order_payment_results_total counts them.
      this.logger.debug({ msg: `order ${outcome.status === 'PAID' ? 'paid' : 'cancelled'}`, ...fields });
      return { totalCents: result.totalCents };
    }
    this.metrics.paymentResults.inc({ outcome: 'ignored' });
    if (result.current === undefined) {
      this.logger.warn({ msg: 'payment result for an unknown order ignored', ...fields });
    } else {
      this.logger.warn({ msg: `payment result for an order already ${result.current.status} ignored`, ...fields, status: result.current.status });
    }
    return undefined;
  }
}

function requireTx(tx: Transaction | undefined): Transaction {
  // Declared with inbox: true, so the lib always passes the inbox transaction.
  if (tx === undefined) throw new Error('payment result handler called without its inbox transaction');
  return tx;
}
