import { IsCents, IsId } from '../field.decorators';

/** The order's payment succeeded; `amountCents` was charged, in the order's currency. */
export class PaymentProcessedDataV1 {
  @IsId()
  orderId!: string;

  @IsId()
  paymentId!: string;

  @IsCents()
  amountCents!: number;
}
