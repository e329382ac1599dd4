import { KafkaError } from '../kafka.errors';
import { assertUsableNames, deadLetterTopic, delayTopicsOf, isLegalTopicName, redriveTopic, retryTopic } from './retry-topics';

describe('retry topic naming', () => {
  it('names one retry topic per group and level, a redrive topic per group and one dead-letter topic per topic', () => {
    expect(retryTopic('order-created', 'payment-service', 2)).toBe('order-created.payment-service.retry.2');
    expect(redriveTopic('order-created', 'payment-service')).toBe('order-created.payment-service.redrive');
    expect(deadLetterTopic('order-created')).toBe('order-created-dlq');
  });

  it('lists the retry levels in order, then the redrive topic', () => {
    expect(delayTopicsOf('t', 'g', 3)).toEqual(['t.g.retry.1', 't.g.retry.2', 't.g.retry.3', 't.g.redrive']);
    expect(delayTopicsOf('t', 'g', 0)).toEqual(['t.g.redrive']);
  });

  it('keeps the retry topics of two groups apart', () => {
    expect(retryTopic('t', 'a', 1)).not.toBe(retryTopic('t', 'b', 1));
  });

  it('knows Kafka topic name rules', () => {
    expect(isLegalTopicName('order-created_v1.x')).toBe(true);
    expect(isLegalTopicName('has space')).toBe(false);
    expect(isLegalTopicName('..')).toBe(false);
    expect(isLegalTopicName('a'.repeat(250))).toBe(false);
  });

  it('refuses a group that cannot be part of a topic name, or names that grow too long', () => {
    expect(() => assertUsableNames('t', 'group with spaces', 3)).toThrow(KafkaError);
    expect(() => assertUsableNames('t', 'g/1', 3)).toThrow(/group "g\/1"/);
    expect(() => assertUsableNames('t'.repeat(240), 'group', 3)).toThrow(/longer than 249/);
    expect(() => assertUsableNames('order-created', 'payment-service', 3)).not.toThrow();
  });
});
