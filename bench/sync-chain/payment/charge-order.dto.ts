import { IsInt, IsString, Matches, Min } from 'class-validator';

/** `POST /payments` body, sent by the sync order process: what `OrderCreated` carries on the event-driven side. */
export class ChargeOrderDto {
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/)
  orderId!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
  userId!: string;

  @IsInt()
  @Min(0)
  amountCents!: number;

  @IsString()
  @Matches(/^[A-Z]{3}$/)
  currency!: string;
}

/** `201` answer to `POST /payments`. */
export interface ChargeAnswer {
  paymentId: string;
  status: 'SUCCEEDED' | 'FAILED';
  reason: string | null;
}
