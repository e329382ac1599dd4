import { fromCents, toCents } from './money';

describe('money', () => {
  it.each([
    [0, 0],
    [1, 100],
    [0.1, 10],
    [0.29, 29],
    [19.99, 1999],
    [1.005 * 1, undefined],
    [4.35, 435],
    [1_000_000, 100_000_000],
    [123456.78, 12345678],
  ])('toCents(%p) is %p', (amount, cents) => {
    expect(toCents(amount)).toBe(cents);
  });

  it.each([[0.001], [19.999], [1e-7], [-1], [-0.01], [Number.NaN], [Number.POSITIVE_INFINITY], [0.1 + 0.2]])('rejects %p', (amount) => {
    expect(toCents(amount)).toBeUndefined();
  });

  it('turns cents back into the same amount', () => {
    for (const cents of [0, 1, 10, 99, 1999, 8899, 100_000_000, 12345678]) {
      expect(toCents(fromCents(cents))).toBe(cents);
    }
    expect(fromCents(8899)).toBe(88.99);
  });
});
