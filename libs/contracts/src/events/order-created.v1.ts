import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, Equals, IsArray, ValidateNested } from 'class-validator';
import { Checks, IsCents, IsId, IsPositiveInteger } from '../field.decorators';

export class OrderItemV1 {
  @IsId()
  productId!: string;

  @IsPositiveInteger()
  quantity!: number;

  @IsCents()
  priceCents!: number;
}

/**
 * An order was accepted and stored. `totalCents` is what the payment service charges; the contract
 * does not re-check it against the items, so tax or shipping can be added without a new version.
 */
export class OrderCreatedDataV1 {
  @IsId()
  orderId!: string;

  @IsId()
  userId!: string;

  @Checks(IsArray({ message: '$property must be an array' }), ArrayNotEmpty({ message: '$property must not be empty' }))
  @ValidateNested({ each: true })
  @Type(() => OrderItemV1)
  items!: OrderItemV1[];

  @IsCents()
  totalCents!: number;

  @Equals('USD', { message: "$property must be 'USD'" })
  currency!: 'USD';
}
