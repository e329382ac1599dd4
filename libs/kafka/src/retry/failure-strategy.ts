import { isRetriable } from '../kafka.errors';
import { retryDelay, RetryPolicy } from './backoff';

/**
 * What a handler's failures lead to, chosen per handler by name:
 * - `retry-then-dead-letter` (default): errors with `retriable === false` go to the dead-letter topic at once;
 *   others are retried through the group's retry topics, then dead-lettered after the last retry.
 * - `dead-letter`: every failure goes to the dead-letter topic at once (for handlers that must not run late).
 */
export type FailureStrategyName = 'retry-then-dead-letter' | 'dead-letter';

export type FailureDecision = { action: 'retry'; level: number; delayMs: number } | { action: 'dead-letter'; reason: 'non-retriable' | 'retries-exhausted' | 'strategy' };

export interface Failure {
  error: unknown;
  /** The delivery that failed, 1 for the first. */
  attempt: number;
  policy: RetryPolicy;
}

type FailureStrategy = (failure: Failure, random?: () => number) => FailureDecision;

const STRATEGIES: Record<FailureStrategyName, FailureStrategy> = {
  'retry-then-dead-letter': ({ error, attempt, policy }, random) => {
    if (!isRetriable(error)) return { action: 'dead-letter', reason: 'non-retriable' };
    if (attempt > policy.retries) return { action: 'dead-letter', reason: 'retries-exhausted' };
    return { action: 'retry', level: attempt, delayMs: retryDelay(attempt, policy, random) };
  },
  'dead-letter': () => ({ action: 'dead-letter', reason: 'strategy' }),
};

export const FAILURE_STRATEGY_NAMES = Object.freeze(Object.keys(STRATEGIES)) as readonly FailureStrategyName[];

/** Applies the named strategy to one failed delivery. */
export function decideFailure(strategy: FailureStrategyName, failure: Failure, random?: () => number): FailureDecision {
  return STRATEGIES[strategy](failure, random);
}
