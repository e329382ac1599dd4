import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/** Identifiers are opaque to the contracts; producers choose the format, consumers only compare them. */
const MAX_ID_LENGTH = 128;

/**
 * Applies checks in the order written. Validation stops at a field's first failing check, so the
 * most basic one (is it a string at all?) must come first; stacked decorators would run bottom-up.
 */
export function Checks(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** A non-empty string; with `nullable`, null is accepted too (the key must still be present). */
export const IsText = (maxLength: number, options: { nullable?: boolean } = {}): PropertyDecorator =>
  Checks(
    ...(options.nullable ? [ValidateIf((_data: object, value: unknown) => value !== null)] : []),
    IsString({ message: options.nullable ? '$property must be a string or null' : '$property must be a string' }),
    IsNotEmpty({ message: '$property must not be empty' }),
    MaxLength(maxLength, { message: `$property must be at most ${maxLength} characters` }),
  );

export const IsId = (options: { nullable?: boolean } = {}): PropertyDecorator => IsText(MAX_ID_LENGTH, options);

/** Money in integer minor units; above 2^53 JSON numbers silently lose precision. */
export const IsCents = (): PropertyDecorator =>
  Checks(
    IsInt({ message: '$property must be an integer number of cents' }),
    Min(0, { message: '$property must not be negative' }),
    Max(Number.MAX_SAFE_INTEGER, { message: '$property must be a safe integer' }),
  );

export const IsPositiveInteger = (): PropertyDecorator =>
  Checks(
    IsInt({ message: '$property must be an integer' }),
    Min(1, { message: '$property must be at least 1' }),
    Max(Number.MAX_SAFE_INTEGER, { message: '$property must be a safe integer' }),
  );
