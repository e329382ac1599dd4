import { KafkaError } from '../kafka.errors';
import { DEFAULT_RETRY_POLICY } from './backoff';
import { decideFailure } from './failure-strategy';

describe('failure strategies', () => {
  const policy = DEFAULT_RETRY_POLICY;
  const transient = new Error('connection reset');
  const rejected = new KafkaError('KAFKA.INVALID_JSON', 'not JSON');

  it('retries a transient failure at the level of the attempt that failed', () => {
    expect(decideFailure('retry-then-dead-letter', { error: transient, attempt: 1, policy }, () => 0)).toEqual({ action: 'retry', level: 1, delayMs: 1000 });
    expect(decideFailure('retry-then-dead-letter', { error: transient, attempt: 3, policy }, () => 0)).toEqual({ action: 'retry', level: 3, delayMs: 4000 });
  });

  it('dead-letters after the last retry', () => {
    expect(decideFailure('retry-then-dead-letter', { error: transient, attempt: 4, policy })).toEqual({ action: 'dead-letter', reason: 'retries-exhausted' });
  });

  it('dead-letters an error marked retriable: false at once', () => {
    expect(decideFailure('retry-then-dead-letter', { error: rejected, attempt: 1, policy })).toEqual({ action: 'dead-letter', reason: 'non-retriable' });
    const domain = Object.assign(new Error('order rejected'), { retriable: false });
    expect(decideFailure('retry-then-dead-letter', { error: domain, attempt: 1, policy }).action).toBe('dead-letter');
  });

  it('retries errors that say nothing, and thrown non-errors', () => {
    expect(decideFailure('retry-then-dead-letter', { error: 'boom', attempt: 1, policy }).action).toBe('retry');
    expect(decideFailure('retry-then-dead-letter', { error: Object.assign(new Error('x'), { retriable: true }), attempt: 1, policy }).action).toBe('retry');
  });

  it('never retries under the dead-letter strategy', () => {
    expect(decideFailure('dead-letter', { error: transient, attempt: 1, policy })).toEqual({ action: 'dead-letter', reason: 'strategy' });
  });
});
