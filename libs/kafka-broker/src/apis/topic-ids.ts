import { createHash } from 'node:crypto';

/**
 * A topic's id (a UUID, as CreateTopics v7 reports it): derived from its name, so it is stable across restarts
 * without being stored. A topic deleted and created again gets the same id, unlike in Kafka.
 */
export function topicIdOf(name: string): string {
  const id = createHash('sha256').update(`topic:${name}`).digest('hex').slice(0, 32);
  return id === '0'.repeat(32) ? `${id.slice(0, 31)}1` : id;
}
