/** How a handler's retriable failures are retried: delays double from `initialDelayMs` up to `maxDelayMs`. */
export interface RetryPolicy {
  /** Retries after the first delivery (0: failures go straight to the dead-letter topic). Default 3. */
  readonly retries: number;
  /** Delay before the first retry. Default 1000 ms. */
  readonly initialDelayMs: number;
  /** Factor between consecutive delays. Default 2 (1 s, 2 s, 4 s). */
  readonly multiplier: number;
  /** Cap on one delay. Default 60 000 ms. */
  readonly maxDelayMs: number;
  /** Fraction of the delay added at random (0 to 1), so messages that failed together spread out. Default 0.2. */
  readonly jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 3,
  initialDelayMs: 1000,
  multiplier: 2,
  maxDelayMs: 60_000,
  jitter: 0.2,
});

/** The delay of retry `level` (1-based) before jitter: what every message in that level's topic waits at least. */
export function baseDelay(level: number, policy: RetryPolicy): number {
  const exponent = Math.max(level, 1) - 1;
  return Math.min(policy.maxDelayMs, Math.round(policy.initialDelayMs * policy.multiplier ** exponent));
}

/**
 * The delay of retry `level` with jitter. Jitter only adds, so a retry never runs before its level's base delay,
 * and with a multiplier of 2 and jitter below 1 each level still waits longer than the one before.
 */
export function retryDelay(level: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = baseDelay(level, policy);
  return Math.round(base + base * policy.jitter * random());
}
