import { IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { PAYMENT_FAILURE_REASONS, PaymentFailureReason } from '@app/contracts';

/** `POST /notifications` body: the payment's outcome, sent by the sync payment process. */
export class NotifyPaymentDto {
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/)
  orderId!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
  userId!: string;

  @IsString()
  @Matches(/^pay_[0-9a-f-]{36}$/)
  paymentId!: string;

  @IsIn(['SUCCEEDED', 'FAILED'])
  status!: 'SUCCEEDED' | 'FAILED';

  @IsInt()
  @Min(0)
  amountCents!: number;

  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency!: string;

  @IsOptional()
  @IsIn(PAYMENT_FAILURE_REASONS)
  reason?: PaymentFailureReason;
}
