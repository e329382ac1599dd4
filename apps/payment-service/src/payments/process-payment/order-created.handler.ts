import { Injectable } from '@nestjs/common';
import { decodeEvent, Topics } from '@app/contracts';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { PAYMENT_SERVICE_GROUP } from '../payment-service.group';
import { assertChargeable } from './order-checks';
import { ProcessPaymentService } from './process-payment.service';

/**
 * Pays each order. Payloads that are not a valid `OrderCreated` throw `InvalidEventError` (not retriable) and go
 * to `order-created-dlq` at once, as do orders whose total is not the sum of their items or whose fields are out
 * of range (`RejectedOrderError`, code in `dlq-error-type`); gateway timeouts are retried with backoff; malfunctions are dead-lettered.
 * The lib's inbox option is not used: it would hold a transaction across the gateway call.
 */
@Injectable()
export class OrderCreatedHandler {
  constructor(private readonly payments: ProcessPaymentService) {}

  // Orders are independent (one event each, claimed through the inbox), so a batch's records run side by side
  // and their payments are stored together.
  @KafkaHandler({ topic: Topics.OrderCreated, group: PAYMENT_SERVICE_GROUP, concurrency: 100 })
  async handle(message: InboundMessage): Promise<void> {
    const order = decodeEvent('OrderCreated', message.value);
    assertChargeable(order.data);
    await this.payments.process(order, message.attempt);
  }
}
