import { CliError } from '../cli/cli.errors';
import type { KafkaSession } from './kafka-session';

const JOIN_TIMEOUT_MS = 30_000;

/**
 * Commits `offsets` of `topic` for `group`, which must have no members. kafkajs can only commit as a member, so a
 * short-lived member joins (consuming nothing), commits and leaves, as kafkajs's own `admin.setOffsets` does; that
 * one also waits out a whole fetch (about 5 s) before leaving. `onJoined` runs once the member is in the group:
 * it must throw if anyone else is in it too, so a consumer that started meanwhile is never overridden.
 */
export async function commitGroupOffsets(
  session: KafkaSession,
  group: string,
  topic: string,
  offsets: readonly { partition: number; offset: number }[],
  onJoined: (memberId: string) => Promise<void>,
): Promise<void> {
  const consumer = session.kafka.consumer({ groupId: group, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  try {
    await session.connect(consumer);
    await consumer.subscribe({ topics: [topic] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new CliError('CLI.JOIN_TIMEOUT', `could not join group ${group} within ${JOIN_TIMEOUT_MS} ms to commit its offsets`)), JOIN_TIMEOUT_MS);
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        onJoined(payload.memberId)
          .then(() => consumer.commitOffsets(offsets.map((o) => ({ topic, partition: o.partition, offset: String(o.offset) }))))
          .then(resolve, reject)
          .finally(() => clearTimeout(timer));
      });
      consumer.run({ autoCommit: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause([{ topic }]);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
