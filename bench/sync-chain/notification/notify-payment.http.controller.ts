import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Database, InjectDatabase } from '@app/database';
import { insertNotification } from '../../../apps/notification-service/src/notifications/notification.repository';
import { paymentFailedMessage, paymentSucceededMessage } from '../../../apps/notification-service/src/notifications/record-notification/notification-messages';
import { NotifyPaymentDto } from './notify.dto';

/**
 * The last hop of the synchronous chain: stores the user's notification (the notification-service's table and
 * messages) and answers; the payment process, and through it the order process and the client, wait for it.
 */
@Controller('notifications')
export class NotifyPaymentHttpController {
  constructor(@InjectDatabase() private readonly db: Database) {}

  @Post()
  @HttpCode(201)
  async notify(@Body() dto: NotifyPaymentDto): Promise<{ notificationId: string }> {
    const succeeded = dto.status === 'SUCCEEDED';
    const notificationId = `ntf_${randomUUID()}`;
    await insertNotification(this.db, {
      notificationId,
      // One notification per payment, as the event-driven side has one per PaymentProcessed event.
      eventId: `sync:${dto.paymentId}`,
      userId: dto.userId,
      orderId: dto.orderId,
      kind: succeeded ? 'PAYMENT_SUCCEEDED' : 'PAYMENT_FAILED',
      message: succeeded ? paymentSucceededMessage(dto.amountCents, dto.currency) : paymentFailedMessage(dto.reason ?? 'PROCESSING_ERROR'),
    });
    return { notificationId };
  }
}
