import { type Consumer, Kafka, logLevel } from 'kafkajs';
import type { BrokerOptions, RunningBroker } from '@app/kafka-broker';
import { startBroker } from '@app/kafka-broker';
import { APACHE_BROKERS_ENV } from './apache-kafka-env';

/**
 * The broker a test talks to. `npm test` gives each test an embedded broker of its own; `npm run test:apache`
 * (TEST_KAFKA=apache) runs the same suites against one real Apache Kafka node that jest's global setup started
 * (test/support/apache-kafka.global-setup.ts), which every test shares. The services use fixed topic and group
 * names (order-created, payment-service, ...), so closing a test's handle empties the node again (every group and
 * every topic but Kafka's internal ones deleted): the next test finds it as fresh as a new embedded broker, and the
 * assertions stay the same.
 *
 * On Apache Kafka there is nothing to look inside: a test that injects faults into the broker, needs several
 * nodes or restarts the broker is embedded-only and says so with {@link itOnEmbedded}.
 */
export type TestKafka = 'embedded' | 'apache';

export const testKafka: TestKafka = process.env.TEST_KAFKA === 'apache' ? 'apache' : 'embedded';
export const onApacheKafka = testKafka === 'apache';

/** `it` on the embedded broker, `it.skip` in the Apache tier (the reason goes in a comment beside the call). */
export const itOnEmbedded: jest.It = onApacheKafka ? it.skip : it;
/** `describe` on the embedded broker, `describe.skip` in the Apache tier. */
export const describeOnEmbedded: jest.Describe = onApacheKafka ? describe.skip : describe;

/** A broker for one test: an embedded one of its own on a free port, or the Apache tier's shared node. */
export async function startTestBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  if (!onApacheKafka) return startBroker({ port: 0, ...options });
  if ((options.nodes ?? 1) > 1) throw new Error(`the Apache tier runs one node; a test that needs ${options.nodes} is embedded-only (itOnEmbedded)`);
  return sharedApacheKafka();
}

function sharedApacheKafka(): RunningBroker {
  const bootstrapServers = process.env[APACHE_BROKERS_ENV];
  if (!bootstrapServers) throw new Error(`TEST_KAFKA=apache needs ${APACHE_BROKERS_ENV}: run the tier with npm run test:apache`);
  const nodes = bootstrapServers.split(',').map((hostPort, i) => {
    const at = hostPort.lastIndexOf(':');
    return { nodeId: i + 1, host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) };
  });
  const embeddedOnly = (what: string) => (): never => {
    throw new Error(`${what} needs the embedded broker: mark the test itOnEmbedded`);
  };
  return {
    bootstrapServers,
    nodes,
    get faults(): never {
      return embeddedOnly('fault injection')();
    },
    get cluster(): never {
      return embeddedOnly("looking inside the broker's state")();
    },
    // The node outlives every test (global teardown stops it); what the test left on it goes.
    close: () => emptyCluster(bootstrapServers.split(',')),
  };
}

/**
 * Request retries for a test's clients. Apache Kafka creates an auto-created topic asynchronously (the first
 * requests get UNKNOWN_TOPIC_OR_PARTITION or LEADER_NOT_AVAILABLE, which clients retry); the embedded broker creates
 * it at once. The services keep their own defaults (5 retries); tests ask for fewer to fail fast on the embedded one.
 */
export function clientRetries(embedded: number): number {
  return onApacheKafka ? Math.max(embedded, 8) : embedded;
}

const STILL_BEING_CREATED = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * `consumer.subscribe`, retried while a topic does not exist yet: a test reads what the code under test writes, and
 * on Apache Kafka a topic that a producer auto-creates appears a moment later.
 */
export async function subscribeWhenCreated(consumer: Consumer, topics: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      return;
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (type === undefined || !STILL_BEING_CREATED.has(type) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Deletes every consumer group and every non-internal topic, and waits until the topics are gone. */
async function emptyCluster(brokers: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'test-tier-reset', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    // A group whose members are still connected cannot be deleted; the test closed its apps before this.
    if (groups.length > 0) await admin.deleteGroups(groups.map((g) => g.groupId)).catch(() => undefined);
    const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
    if (topics.length === 0) return;
    await admin.deleteTopics({ topics, timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    while ((await admin.listTopics()).some((topic) => topics.includes(topic))) {
      if (Date.now() > deadline) throw new Error(`Apache Kafka still lists deleted topics after 30 s: ${topics.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Runs `attempt` again while it fails with an error Kafka calls retriable (NOT_LEADER_OR_FOLLOWER while a new
 * partition's leader takes over on Apache Kafka, say), up to `timeoutMs`.
 */
export async function whileRetriable<T>(attempt: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      const retriable = (e: unknown): boolean => {
        const err = e as { retriable?: boolean; cause?: unknown } | undefined;
        return err?.retriable === true || (err?.cause !== undefined && retriable(err.cause));
      };
      if (!retriable(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
