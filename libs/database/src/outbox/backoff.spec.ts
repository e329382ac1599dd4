import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1000 };

  it('doubles from initialMs and stops at maxMs', () => {
    const highest = [1, 2, 3, 4, 5, 50].map((attempt) => backoffDelay(attempt, policy, () => 1));
    expect(highest).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('randomises the upper half only', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300);
  });
});
