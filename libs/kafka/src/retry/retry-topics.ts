import { KafkaError } from '../kafka.errors';

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;
const MAX_TOPIC_LENGTH = 249;

/** Whether Kafka accepts `name` as a topic name. */
export function isLegalTopicName(name: string): boolean {
  return name.length <= MAX_TOPIC_LENGTH && LEGAL_TOPIC.test(name) && name !== '.' && name !== '..';
}

/**
 * Retry level `level` of `group`'s handler for `topic`. One topic per level and group: every message in it waits
 * the same base delay, so the head of each partition is (up to jitter) the next message due, and other groups
 * never see another group's retries.
 */
export function retryTopic(topic: string, group: string, level: number): string {
  return `${topic}.${group}.retry.${level}`;
}

/** Where {@link DeadLetterService.redrive} puts a dead letter back for the one group that failed it. */
export function redriveTopic(topic: string, group: string): string {
  return `${topic}.${group}.redrive`;
}

/** Where messages of `topic` that cannot succeed are parked, for every group. */
export function deadLetterTopic(topic: string): string {
  return `${topic}-dlq`;
}

/** The topics a handler reads besides `topic` itself: its retry levels, then its redrive topic. */
export function delayTopicsOf(topic: string, group: string, retries: number): string[] {
  const levels = Array.from({ length: retries }, (_, i) => retryTopic(topic, group, i + 1));
  return [...levels, redriveTopic(topic, group)];
}

/** Throws `KAFKA.INVALID_HANDLER` unless every topic name derived for (`topic`, `group`) is legal. */
export function assertUsableNames(topic: string, group: string, retries: number): void {
  if (!isLegalTopicName(topic)) {
    throw new KafkaError('KAFKA.INVALID_HANDLER', `topic ${JSON.stringify(topic)} is not a legal Kafka topic name`);
  }
  if (!/^[a-zA-Z0-9._-]+$/.test(group)) {
    throw new KafkaError('KAFKA.INVALID_HANDLER', `group ${JSON.stringify(group)} must use only letters, digits, '.', '_' and '-': it is part of retry topic names`);
  }
  for (const name of [...delayTopicsOf(topic, group, retries), deadLetterTopic(topic)]) {
    if (!isLegalTopicName(name)) {
      throw new KafkaError('KAFKA.INVALID_HANDLER', `derived topic ${name} is longer than ${MAX_TOPIC_LENGTH} characters; shorten the topic or group`);
    }
  }
}
