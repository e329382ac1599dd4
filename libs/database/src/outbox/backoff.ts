/** Exponential backoff bounds, in milliseconds. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * Delay before retry `attempt` (1-based): doubling from `initialMs`, capped at `maxMs`. The upper half is
 * random so instances that failed together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
