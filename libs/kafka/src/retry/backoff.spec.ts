import { baseDelay, DEFAULT_RETRY_POLICY, retryDelay, RetryPolicy } from './backoff';

describe('retry backoff', () => {
  const noJitter: RetryPolicy = { ...DEFAULT_RETRY_POLICY, jitter: 0 };

  it('doubles from the initial delay by default: 1 s, 2 s, 4 s', () => {
    expect([1, 2, 3].map((level) => retryDelay(level, noJitter))).toEqual([1000, 2000, 4000]);
  });

  it('caps a delay at maxDelayMs', () => {
    const policy: RetryPolicy = { ...noJitter, retries: 10, maxDelayMs: 5000 };
    expect([3, 4, 10].map((level) => retryDelay(level, policy))).toEqual([4000, 5000, 5000]);
  });

  it('follows a custom multiplier', () => {
    const policy: RetryPolicy = { ...noJitter, initialDelayMs: 100, multiplier: 3 };
    expect([1, 2, 3].map((level) => baseDelay(level, policy))).toEqual([100, 300, 900]);
  });

  it('adds at most jitter × base, never less than the base delay', () => {
    expect(retryDelay(2, DEFAULT_RETRY_POLICY, () => 0)).toBe(2000);
    expect(retryDelay(2, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(2200);
    expect(retryDelay(2, DEFAULT_RETRY_POLICY, () => 0.999999)).toBe(2400);
  });

  it('spreads messages that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelay(1, DEFAULT_RETRY_POLICY)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(1200);
    }
  });

  it('keeps each level longer than the one before, whatever the jitter', () => {
    const highest = retryDelay(1, DEFAULT_RETRY_POLICY, () => 0.999999);
    const lowest = retryDelay(2, DEFAULT_RETRY_POLICY, () => 0);
    expect(lowest).toBeGreaterThan(highest);
  });
});
