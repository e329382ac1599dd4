import { KafkaError } from '../kafka.errors';
import { applicationHeaders, deadLetterHeaders, deadLetterOrigin, integerHeader, MessageOrigin, retryHeaders, retryOrigin, withoutRetryHeaders } from './delivery-headers';

describe('delivery headers', () => {
  const origin: MessageOrigin = { topic: 'orders', partition: 2, offset: '41', timestamp: 1_700_000_000_000 };
  const original = { 'event-id': 'e-1', 'correlation-id': 'c-1' };

  it('writes every dead-letter header next to the original ones', () => {
    const error = new KafkaError('KAFKA.INVALID_JSON', 'value is not JSON');
    expect(deadLetterHeaders(original, origin, { group: 'payments', error, attempts: 4 })).toEqual({
      ...original,
      'dlq-original-topic': 'orders',
      'dlq-original-partition': '2',
      'dlq-original-offset': '41',
      'dlq-original-timestamp': '1700000000000',
      'dlq-consumer-group': 'payments',
      'dlq-error-type': 'KAFKA.INVALID_JSON',
      'dlq-error-message': 'value is not JSON',
      'dlq-attempts': '4',
    });
  });

  it('names plain errors by class and cuts long messages', () => {
    const headers = deadLetterHeaders({}, origin, { group: 'g', error: new TypeError('x'.repeat(5000)), attempts: 1 });
    expect(headers['dlq-error-type']).toBe('TypeError');
    expect(headers['dlq-error-message'].length).toBe(1000);
  });

  it('keeps the first origin through retries and reads it back', () => {
    const first = retryHeaders(original, origin, { attempt: 2, dueAt: 123, error: new Error('down') });
    const second = retryHeaders(first, retryOrigin(first) as MessageOrigin, { attempt: 3, dueAt: 456, error: new Error('still down') });
    expect(retryOrigin(second)).toEqual(origin);
    expect(second['retry-attempt']).toBe('3');
    expect(second['retry-due-at']).toBe('456');
    expect(second['retry-error-message']).toBe('still down');
    expect(second['event-id']).toBe('e-1');
  });

  it("keeps a dead letter's dlq-* headers through its own retries, and rewrites them when it is dead-lettered again", () => {
    const dead = deadLetterHeaders(original, origin, { group: 'payments', error: new Error('first'), attempts: 4 });
    const retried = retryHeaders(dead, { ...origin, topic: 'orders-dlq' }, { attempt: 2, dueAt: 1, error: 'x' });
    expect(retried['dlq-consumer-group']).toBe('payments');
    const again = deadLetterHeaders(retried, { ...origin, topic: 'orders-dlq' }, { group: 'analytics', error: new Error('second'), attempts: 2 });
    expect(again).toMatchObject({ 'dlq-consumer-group': 'analytics', 'dlq-error-message': 'second', 'dlq-original-topic': 'orders-dlq' });
    expect(withoutRetryHeaders(retried)).toEqual(dead);
  });

  it('drops the retry bookkeeping so it does not pile up', () => {
    const dead = deadLetterHeaders(retryHeaders(original, origin, { attempt: 2, dueAt: 1, error: 'x' }), origin, { group: 'g', error: 'y', attempts: 2 });
    expect(Object.keys(dead).filter((name) => name.startsWith('retry-'))).toEqual([]);
    expect(applicationHeaders(dead)).toEqual(original);
    expect(deadLetterOrigin(dead)).toEqual(origin);
  });

  it('treats missing or malformed origin and counters as absent', () => {
    expect(retryOrigin(original)).toBeUndefined();
    expect(deadLetterOrigin({ 'dlq-original-topic': 'orders', 'dlq-original-partition': 'two', 'dlq-original-offset': '1', 'dlq-original-timestamp': '1' })).toBeUndefined();
    expect(integerHeader({ 'retry-attempt': 'abc' }, 'retry-attempt', 1)).toBe(1);
    expect(integerHeader({ 'retry-attempt': '3' }, 'retry-attempt', 1)).toBe(3);
  });
});
