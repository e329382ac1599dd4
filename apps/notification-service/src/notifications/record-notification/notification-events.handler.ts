import { Injectable } from '@nestjs/common';
import { decodeEvent, Topics } from '@app/contracts';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { NOTIFICATION_SERVICE_GROUP } from '../notification-service.group';
import { NOTIFICATION_BATCH, RecordNotificationService } from './record-notification.service';

const group = NOTIFICATION_SERVICE_GROUP;
const concurrency = NOTIFICATION_BATCH;

/**
 * One notification per event. The records of a batch are handled {@link NOTIFICATION_BATCH} at a time and written
 * together, their event ids claimed in the inbox in the same transaction (see {@link RecordNotificationService}),
 * so a redelivered event is acknowledged without a second notification. Invalid payloads are not retriable and go
 * to the topic's dead-letter topic; a payment event read before its order is retried.
 */
@Injectable()
export class NotificationEventsHandler {
  constructor(private readonly notifications: RecordNotificationService) {}

  @KafkaHandler({ topic: Topics.OrderCreated, group, concurrency })
  async onOrderCreated(message: InboundMessage): Promise<void> {
    await this.notifications.record(decodeEvent('OrderCreated', message.value));
  }

  @KafkaHandler({ topic: Topics.PaymentProcessed, group, concurrency })
  async onPaymentProcessed(message: InboundMessage): Promise<void> {
    await this.notifications.record(decodeEvent('PaymentProcessed', message.value));
  }

  @KafkaHandler({ topic: Topics.PaymentFailed, group, concurrency })
  async onPaymentFailed(message: InboundMessage): Promise<void> {
    await this.notifications.record(decodeEvent('PaymentFailed', message.value));
  }
}
