import { Injectable } from '@nestjs/common';
import { decodeEvent, Topics } from '@app/contracts';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { ANALYTICS_SERVICE_GROUP } from '../analytics-service.group';
import { COUNT_BATCH, CountBusinessEventsService } from './count-business-events.service';

const group = ANALYTICS_SERVICE_GROUP;
const concurrency = COUNT_BATCH;

/**
 * Counts orders, payments and revenue. The records of a batch are handled {@link COUNT_BATCH} at a time and
 * counted together, their event ids claimed in the inbox in the transaction that changes the totals (see
 * {@link CountBusinessEventsService}), so a replayed or redelivered event is not counted twice. An event that
 * does not decode is not retriable and goes to the dead-letter topic, counting nothing.
 */
@Injectable()
export class BusinessEventsHandler {
  constructor(private readonly counter: CountBusinessEventsService) {}

  @KafkaHandler({ topic: Topics.OrderCreated, group, concurrency })
  async onOrderCreated(message: InboundMessage): Promise<void> {
    const { eventId } = decodeEvent('OrderCreated', message.value);
    await this.counter.count({ eventId, amounts: { orders: 1 } });
  }

  @KafkaHandler({ topic: Topics.PaymentProcessed, group, concurrency })
  async onPaymentProcessed(message: InboundMessage): Promise<void> {
    const { eventId, data } = decodeEvent('PaymentProcessed', message.value);
    await this.counter.count({ eventId, amounts: { payments_succeeded: 1, revenue_cents: data.amountCents } });
  }

  @KafkaHandler({ topic: Topics.PaymentFailed, group, concurrency })
  async onPaymentFailed(message: InboundMessage): Promise<void> {
    const { eventId } = decodeEvent('PaymentFailed', message.value);
    await this.counter.count({ eventId, amounts: { payments_failed: 1 } });
  }
}
