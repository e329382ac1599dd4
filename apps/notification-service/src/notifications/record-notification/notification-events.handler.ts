import { Injectable } from '@nestjs/common';
import { decodeEvent, Topics } from '@app/contracts';
import { Transaction } from '@app/database';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { NOTIFICATION_SERVICE_GROUP } from '../notification-service.group';
import { RecordNotificationService } from './record-notification.service';

const group = NOTIFICATION_SERVICE_GROUP;

/**
 * One notification per event. `inbox: true`: the kafka lib claims the event id and runs the handler in that
 * transaction, so a redelivered event is acknowledged without a second notification. Invalid payloads are not
 * retriable and go to the topic's dead-letter topic.
 */
@Injectable()
export class NotificationEventsHandler {
  constructor(private readonly notifications: RecordNotificationService) {}

  @KafkaHandler({ topic: Topics.OrderCreated, group, inbox: true })
  async onOrderCreated(message: InboundMessage, tx?: Transaction): Promise<void> {
    await this.notifications.orderReceived(inboxTransaction(tx), decodeEvent('OrderCreated', message.value));
  }

  @KafkaHandler({ topic: Topics.PaymentProcessed, group, inbox: true })
  async onPaymentProcessed(message: InboundMessage, tx?: Transaction): Promise<void> {
    await this.notifications.paymentSucceeded(inboxTransaction(tx), decodeEvent('PaymentProcessed', message.value));
  }

  @KafkaHandler({ topic: Topics.PaymentFailed, group, inbox: true })
  async onPaymentFailed(message: InboundMessage, tx?: Transaction): Promise<void> {
    await this.notifications.paymentFailed(inboxTransaction(tx), decodeEvent('PaymentFailed', message.value));
  }
}

/** The lib passes the inbox transaction to `inbox: true` handlers; without one the handler is misdeclared. */
function inboxTransaction(tx: Transaction | undefined): Transaction {
  if (tx === undefined) throw new Error('notification handlers must be declared with inbox: true');
  return tx;
}
