import { mkdirSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { Topics } from '@app/contracts';
import { BrokerLogger, RunningBroker, startBroker } from '@app/kafka-broker';
import { TOPIC_PARTITIONS } from './config/start.config';

/** The embedded broker on 127.0.0.1:`port`, keeping its data in `dataDir` so a restart finds it again. */
export async function startEmbeddedBroker(port: number, dataDir: string, logger: BrokerLogger): Promise<RunningBroker> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await startBroker({ host: '127.0.0.1', port, dataDir, defaultPartitions: TOPIC_PARTITIONS, logger });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${port} is in use: is a broker already running? Use it with KAFKA_BROKERS=127.0.0.1:${port}, or move this one with KAFKA_BROKER_PORT`);
    }
    throw error;
  }
}

export interface TopicReport {
  created: string[];
  existing: { topic: string; partitions: number }[];
}

/**
 * Creates the business topics with {@link TOPIC_PARTITIONS} partitions where they are missing (the services
 * would otherwise create them with the broker's default count). Existing topics are left as they are.
 */
export async function ensureBusinessTopics(brokers: readonly string[]): Promise<TopicReport> {
  const admin = new Kafka({ clientId: 'npm-start', brokers: [...brokers], logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 300 } }).admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`cannot reach Kafka at ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const wanted: string[] = [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed];
    const present = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !present.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS })) });
    }
    const existing = wanted.filter((topic) => present.has(topic));
    const metadata = existing.length > 0 ? await admin.fetchTopicMetadata({ topics: existing }) : { topics: [] };
    return { created: missing, existing: metadata.topics.map((t) => ({ topic: t.name, partitions: t.partitions.length })) };
  } finally {
    await admin.disconnect();
  }
}
