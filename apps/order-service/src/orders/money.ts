/** Largest unit price accepted, in currency units; keeps every order total far below 2^53 cents. */
export const MAX_PRICE = 1_000_000;

/**
 * Cents for an amount given in currency units with at most two decimals, or undefined when it has more, is
 * negative or is not a finite number. `19.99` becomes `1999` although `19.99 * 100` is `1998.9999999999998`.
 */
export function toCents(amount: number): number | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return undefined;
  const cents = Math.round(amount * 100);
  // Exact for any decimal with at most two places: both sides are the double nearest to the same decimal.
  return cents / 100 === amount ? cents : undefined;
}

/** Currency units for `cents`, as JSON answers show them (`8899` becomes `88.99`). */
export function fromCents(cents: number): number {
  return cents / 100;
}
