import { deadLetterHeaders } from '@app/kafka/headers/delivery-headers';
import { deadLetterInfo, formatOrigin, isDeadLetterTopic } from './dead-letter-view';

describe('deadLetterInfo', () => {
  it('reads what the lib wrote, and where a redrive would send it', () => {
    const headers = deadLetterHeaders(
      { 'event-id': 'e-1' },
      { topic: 'order-created', partition: 2, offset: '17', timestamp: Date.parse('2024-05-01T12:00:00Z') },
      { group: 'payment-service', error: Object.assign(new Error('gateway down'), { code: 'PAYMENT.GATEWAY' }), attempts: 4 },
    );
    const info = deadLetterInfo(headers);
    expect(info).toEqual({
      originalTopic: 'order-created',
      originalPartition: 2,
      originalOffset: 17,
      originalTimestamp: '2024-05-01T12:00:00.000Z',
      group: 'payment-service',
      errorType: 'PAYMENT.GATEWAY',
      errorMessage: 'gateway down',
      attempts: 4,
      redriveTopic: 'order-created.payment-service.redrive',
    });
    expect(formatOrigin(info)).toBe('order-created[2]@17');
  });

  it('is null without dlq-* headers, and has no redrive topic when the origin is incomplete', () => {
    expect(deadLetterInfo({ 'event-id': 'e-1' })).toBeNull();
    const partial = deadLetterInfo({ 'dlq-original-topic': 'order-created', 'dlq-consumer-group': 'payment-service' });
    expect(partial).toMatchObject({ originalTopic: 'order-created', originalPartition: null, group: 'payment-service', attempts: null, redriveTopic: null });
    expect(formatOrigin(partial)).toBe('order-created[?]@?');
  });
});

describe('isDeadLetterTopic', () => {
  it('matches the lib naming of dead-letter topics only', () => {
    expect(isDeadLetterTopic('order-created-dlq')).toBe(true);
    expect(isDeadLetterTopic('-dlq')).toBe(false);
    expect(isDeadLetterTopic('order-created.payment-service.redrive')).toBe(false);
  });
});
