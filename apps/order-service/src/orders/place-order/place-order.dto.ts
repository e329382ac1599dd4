import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, registerDecorator, ValidateNested } from 'class-validator';
import { MAX_PRICE, toCents } from '../money';

export const MAX_ITEMS = 100;
export const MAX_QUANTITY = 10_000;
const MAX_ID_LENGTH = 64;
/** Ids are tokens: no spaces or control characters reach the database, logs or events. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** A user or product id: a token of 1 to 64 characters. */
export const IsEntityId = (): PropertyDecorator => (target, key) => {
  IsString({ message: '$property must be a string' })(target, key);
  MaxLength(MAX_ID_LENGTH, { message: `$property must be at most ${MAX_ID_LENGTH} characters` })(target, key);
  Matches(ID_PATTERN, { message: '$property must start with a letter or digit and contain only letters, digits, ".", "_", ":" and "-"' })(target, key);
};

/** A price in currency units: a number from 0 to {@link MAX_PRICE} with at most two decimals. */
export const IsPrice = (): PropertyDecorator => (target, key) =>
  registerDecorator({
    name: 'isPrice',
    target: target.constructor,
    propertyName: String(key),
    options: { message: `$property must be a number from 0 to ${MAX_PRICE} with at most 2 decimals` },
    validator: { validate: (value: unknown) => typeof value === 'number' && value <= MAX_PRICE && toCents(value) !== undefined },
  });

/**
 * The items add up to more than 0: an order of free items only has nothing to charge, and the payment service refuses
 * a total of 0 (it would stay PENDING). Says nothing when an item is itself invalid: its own message is the one to read.
 */
export const HasChargeableTotal = (): PropertyDecorator => (target, key) =>
  registerDecorator({
    name: 'hasChargeableTotal',
    target: target.constructor,
    propertyName: String(key),
    options: { message: '$property must add up to a total above 0 (an order of free items only cannot be paid)' },
    validator: {
      validate: (items: unknown) => {
        if (!Array.isArray(items) || items.length === 0) return true;
        let cents = 0;
        for (const item of items as unknown[]) {
          const { quantity, price } = (item ?? {}) as { quantity?: unknown; price?: unknown };
          const priceCents = typeof price === 'number' ? toCents(price) : undefined;
          if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || priceCents === undefined) return true;
          cents += quantity * priceCents;
        }
        return cents > 0;
      },
    },
  });

export class OrderItemDto {
  @IsEntityId()
  productId!: string;

  @IsInt({ message: `$property must be a number: a whole number from 1 to ${MAX_QUANTITY}` })
  @Min(1, { message: '$property must be at least 1' })
  @Max(MAX_QUANTITY, { message: `$property must be at most ${MAX_QUANTITY}` })
  quantity!: number;

  @IsPrice()
  price!: number;
}

/** `POST /orders` body. */
export class PlaceOrderDto {
  @IsEntityId()
  userId!: string;

  @IsArray({ message: '$property must be an array' })
  @ArrayMinSize(1, { message: '$property must hold at least 1 item' })
  @ArrayMaxSize(MAX_ITEMS, { message: `$property must hold at most ${MAX_ITEMS} items` })
  // ValidateNested alone lets an array item through ([[]] reached the service and failed there with a 500).
  @IsObject({ each: true, message: 'each value in $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  @HasChargeableTotal()
  items!: OrderItemDto[];
}
