import { Injectable } from '@nestjs/common';
import { decodeEvent, Topics } from '@app/contracts';
import { Transaction } from '@app/database';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { addToTotals } from '../analytics.repository';
import { ANALYTICS_SERVICE_GROUP } from '../analytics-service.group';

const group = ANALYTICS_SERVICE_GROUP;

/**
 * Counts orders, payments and revenue. `inbox: true`: the totals change in the transaction that claims the event
 * id, so a replayed or redelivered event is not counted twice.
 */
@Injectable()
export class BusinessEventsHandler {
  @KafkaHandler({ topic: Topics.OrderCreated, group, inbox: true })
  async onOrderCreated(message: InboundMessage, tx?: Transaction): Promise<void> {
    decodeEvent('OrderCreated', message.value);
    await addToTotals(inboxTransaction(tx), { orders: 1 });
  }

  @KafkaHandler({ topic: Topics.PaymentProcessed, group, inbox: true })
  async onPaymentProcessed(message: InboundMessage, tx?: Transaction): Promise<void> {
    const event = decodeEvent('PaymentProcessed', message.value);
    await addToTotals(inboxTransaction(tx), { payments_succeeded: 1, revenue_cents: event.data.amountCents });
  }

  @KafkaHandler({ topic: Topics.PaymentFailed, group, inbox: true })
  async onPaymentFailed(message: InboundMessage, tx?: Transaction): Promise<void> {
    decodeEvent('PaymentFailed', message.value);
    await addToTotals(inboxTransaction(tx), { payments_failed: 1 });
  }
}

export function inboxTransaction(tx: Transaction | undefined): Transaction {
  if (tx === undefined) throw new Error('analytics handlers of business events must be declared with inbox: true');
  return tx;
}
