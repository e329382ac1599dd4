import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PAYMENT_FAILURE_REASONS, PaymentFailureReason } from '@app/contracts';
import { ChargeOrderDto } from '../payment/charge-order.dto';

/** `POST /notifications` body: the charge the sync payment process made, and its outcome. */
export class NotifyPaymentDto extends ChargeOrderDto {
  @IsString()
  @Matches(/^pay_[0-9a-f-]{36}$/)
  paymentId!: string;

  @IsIn(['SUCCEEDED', 'FAILED'])
  status!: 'SUCCEEDED' | 'FAILED';

  @IsOptional()
  @IsIn(PAYMENT_FAILURE_REASONS)
  reason?: PaymentFailureReason;
}
