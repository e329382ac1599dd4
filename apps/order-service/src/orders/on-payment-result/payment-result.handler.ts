import { Injectable, Logger } from '@nestjs/common';
import { decodeEvent, Topics } from '@app/contracts';
import { Database, GroupCommit, InjectDatabase } from '@app/database';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { UUID } from '../order';
import { OrderMetrics } from '../order-metrics';
import type { PaymentOutcome } from '../order.repository';
import { rejectionOf } from './rejected-payment-result.error';
import { PaymentResult, settlePaymentResults, SettleOutcome } from './settle-payment-results';

/** The order-service's consumer group. */
export const ORDER_SERVICE_GROUP = 'order-service';

const RESULT_CONCURRENCY = 100;

/**
 * The order side of the saga: `PaymentProcessed` moves a PENDING order to PAID, `PaymentFailed` to CANCELLED.
 * Results of different orders are independent, so up to {@link RESULT_CONCURRENCY} of a batch are handled at once
 * and applied together (group commit): their event ids claimed in the inbox and their orders updated with one
 * statement each, so a redelivered event changes nothing. A PaymentProcessed applies only for the order's exact
 * total. An outcome for an order this service never issued, for another amount, or contradicting the outcome the
 * order already has is dead-lettered at once with the reason (`RejectedPaymentResultError`); the same outcome
 * again from the same payment is acknowledged. An event that does not decode goes to the dead-letter topic too.
 */
@Injectable()
export class PaymentResultHandler {
  private readonly logger = new Logger(PaymentResultHandler.name);
  private readonly settler: GroupCommit<PaymentResult, SettleOutcome>;

  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly metrics: OrderMetrics,
  ) {
    this.settler = new GroupCommit((results) => db.transaction((tx) => settlePaymentResults(tx, ORDER_SERVICE_GROUP, results)), {
      maxBatchSize: RESULT_CONCURRENCY,
      // PGlite runs one transaction at a time: a second batch in flight would only wait for its connection.
      maxConcurrentBatches: db.kind === 'pglite' ? 1 : 2,
      // Two results of one order (or one event twice) go to different batches, applied one after the other.
      keyOf: (result) => result.orderId ?? result.eventId,
    });
  }

  @KafkaHandler({ topic: Topics.PaymentProcessed, group: ORDER_SERVICE_GROUP, concurrency: RESULT_CONCURRENCY })
  async onPaymentProcessed(message: InboundMessage): Promise<void> {
    const { data, eventId } = decodeEvent('PaymentProcessed', message.value);
    await this.settle(data.orderId, { status: 'PAID', paymentId: data.paymentId, amountCents: data.amountCents }, eventId);
  }

  @KafkaHandler({ topic: Topics.PaymentFailed, group: ORDER_SERVICE_GROUP, concurrency: RESULT_CONCURRENCY })
  async onPaymentFailed(message: InboundMessage): Promise<void> {
    const { data, eventId } = decodeEvent('PaymentFailed', message.value);
    await this.settle(data.orderId, { status: 'CANCELLED', paymentId: data.paymentId, reason: data.reason }, eventId);
  }

  /** Returns the order's total when the outcome was applied, undefined when it was ignored or a duplicate. */
  private async settle(orderId: string, outcome: PaymentOutcome, eventId: string): Promise<{ totalCents: number } | undefined> {
    const fields = { orderId, eventId, outcome: outcome.status };
    // Our ids are UUIDs; anything else cannot name one of our orders (and would not fit the uuid column).
    const id = UUID.test(orderId) ? orderId.toLowerCase() : undefined;
    const result = await this.settler.submit({ eventId, orderId: id, outcome, at: new Date() });
    if (result.kind === 'duplicate') return undefined;
    if (result.kind === 'applied') {
      this.metrics.paymentResults.inc({ outcome: outcome.status === 'PAID' ? 'paid' : 'cancelled' });
      // The lifecycle a person follows in `npm start` (LOG_LEVEL=warn silences it under load, as the benches run).
      this.logger.log({ msg: `order ${orderId} ${outcome.status === 'PAID' ? 'paid' : 'cancelled'}`, ...fields });
      return { totalCents: result.totalCents };
    }
    this.metrics.paymentResults.inc({ outcome: 'ignored' });
    const rejection = rejectionOf(orderId, outcome, result.current);
    if (rejection !== undefined) {
      this.logger.warn({ msg: `payment result rejected: ${rejection.message}`, ...fields, code: rejection.code });
      throw rejection;
    }
    this.logger.log({ msg: `payment result repeats what order ${orderId} already is (${outcome.status}); acknowledged`, ...fields });
    return undefined;
  }
}
