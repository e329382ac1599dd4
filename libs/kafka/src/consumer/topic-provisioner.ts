import type { KafkaAdminPort, TopicSpec } from '../client/client.ports';
import { deadLetterTopic, delayTopicsOf } from '../retry/retry-topics';
import type { HandlerRegistration } from './handler-explorer';

/**
 * Creates what the handlers need before their consumers subscribe: a missing handler topic (broker defaults),
 * then each handler's retry, redrive and dead-letter topics with as many partitions as the handler topic, so a
 * key keeps to one partition number across them.
 */
export async function provisionTopics(admin: KafkaAdminPort, registrations: readonly HandlerRegistration[], replicationFactor: number | undefined): Promise<void> {
  const sources = [...new Set(registrations.map((r) => r.topic))];
  let counts = await admin.partitionCounts(sources);
  const missing = sources.filter((topic) => !counts.has(topic));
  if (missing.length > 0) {
    await admin.createTopics(missing.map((topic) => ({ topic, replicationFactor })));
    counts = await admin.partitionCounts(sources);
  }
  const specs = new Map<string, TopicSpec>();
  for (const registration of registrations) {
    const partitions = counts.get(registration.topic);
    for (const topic of [...delayTopicsOf(registration.topic, registration.group, registration.retry.retries), deadLetterTopic(registration.topic)]) {
      specs.set(topic, { topic, partitions, replicationFactor });
    }
  }
  const existing = await admin.partitionCounts([...specs.keys()]);
  await admin.createTopics([...specs.values()].filter((spec) => !existing.has(spec.topic)));
}
