import { IsIn } from 'class-validator';
import { IsId, IsText } from '../field.decorators';

/**
 * Closed on purpose: consumers switch on it. A new reason is a new version of `PaymentFailed`,
 * because v1 consumers reject values they do not know.
 */
export const PAYMENT_FAILURE_REASONS = ['DECLINED', 'INSUFFICIENT_FUNDS', 'CARD_EXPIRED', 'FRAUD_SUSPECTED', 'PROCESSING_ERROR'] as const;

export type PaymentFailureReason = (typeof PAYMENT_FAILURE_REASONS)[number];

const MAX_MESSAGE_LENGTH = 1000;

/** The order's payment will not happen. `paymentId` is null when it failed before a payment existed. */
export class PaymentFailedDataV1 {
  @IsId()
  orderId!: string;

  @IsId({ nullable: true })
  paymentId!: string | null;

  @IsIn(PAYMENT_FAILURE_REASONS, {
    message: `$property must be one of ${PAYMENT_FAILURE_REASONS.join(', ')}`,
  })
  reason!: PaymentFailureReason;

  @IsText(MAX_MESSAGE_LENGTH)
  message!: string;
}
