import { Admin, Kafka, logLevel } from 'kafkajs';
import type { ResolvedKafkaOptions } from '@app/kafka';
import { withTimeout } from './with-timeout';

/**
 * Asks the cluster for its metadata over a connection of its own, kept between checks and replaced after a
 * failure. kafkajs stays inside this file.
 */
export class KafkaProbe {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(
    private readonly options: ResolvedKafkaOptions,
    private readonly timeoutMs: number,
  ) {}

  /** Resolves with the number of brokers the cluster reports; rejects when Kafka cannot be reached in time. */
  async check(): Promise<{ brokers: number }> {
    try {
      const admin = await withTimeout(this.connect(), this.timeoutMs, 'connecting to Kafka');
      const cluster = await withTimeout(admin.describeCluster(), this.timeoutMs, 'describing the Kafka cluster');
      return { brokers: cluster.brokers.length };
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const pending = this.connecting;
    this.admin = undefined;
    this.connecting = undefined;
    if (pending !== undefined) await pending.then((admin) => admin.disconnect()).catch(() => undefined);
  }

  private connect(): Promise<Admin> {
    this.connecting ??= (async () => {
      const { brokers, clientId, ssl, sasl } = this.options;
      const kafka = new Kafka({
        brokers: [...brokers],
        clientId: `${clientId}-health`,
        ssl,
        sasl,
        connectionTimeout: this.timeoutMs,
        requestTimeout: this.timeoutMs,
        retry: { retries: 0 },
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      await admin.connect();
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}
