import { Module } from '@nestjs/common';
import { NotifyPaymentHttpController } from './notify-payment.http.controller';

/** The synchronous baseline's notification process: `POST /notifications`. */
@Module({ controllers: [NotifyPaymentHttpController] })
export class SyncNotificationModule {}
