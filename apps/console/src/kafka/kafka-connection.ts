import { Admin, Kafka, logLevel, Producer } from 'kafkajs';
import { ConsoleError } from '../console.errors';
import { GrouplessFetcher } from './groupless-fetcher';

const CONNECTION_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'KafkaJSConnectionClosedError',
  'KafkaJSLockTimeout',
]);

/** Whether `error` means "the cluster cannot be reached" rather than "the request was wrong". */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (CONNECTION_ERRORS.has(error.name)) return true;
  return /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|Connection error|Closed connection/.test(error.message);
}

/**
 * The console's one kafkajs client. The admin connects on first use; after a failure that says the cluster is
 * unreachable it is dropped, so the next request connects again and the console recovers by itself.
 */
export class KafkaConnection {
  readonly kafka: Kafka;
  private admin?: Promise<Admin>;
  private fetcher?: GrouplessFetcher;
  private producer?: Promise<Producer>;

  constructor(readonly brokers: readonly string[]) {
    this.kafka = new Kafka({
      clientId: 'console',
      brokers: [...brokers],
      connectionTimeout: 2000,
      requestTimeout: 10_000,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
      logLevel: logLevel.NOTHING,
    });
  }

  /** Runs `work` with the connected admin; connection failures become `CONSOLE.UNREACHABLE`. */
  async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      return await work(await this.connectedAdmin());
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** Runs `work` with the group-less record reader (see {@link GrouplessFetcher}). */
  async withFetcher<T>(work: (fetcher: GrouplessFetcher) => Promise<T>): Promise<T> {
    this.fetcher ??= new GrouplessFetcher(this.kafka);
    try {
      return await work(this.fetcher);
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** Runs `work` with a connected producer (for "produce a record"). */
  async withProducer<T>(work: (producer: Producer) => Promise<T>): Promise<T> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })();
    try {
      return await work(await this.producer);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
    await this.fetcher?.close();
    this.fetcher = undefined;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private translate(error: unknown): unknown {
    if (error instanceof ConsoleError || !isUnreachable(error)) return error;
    const admin = this.admin;
    this.admin = undefined;
    void admin?.then((a) => a.disconnect()).catch(() => undefined);
    const producer = this.producer;
    this.producer = undefined;
    void producer?.then((p) => p.disconnect()).catch(() => undefined);
    void this.fetcher?.close();
    this.fetcher = undefined;
    return new ConsoleError('CONSOLE.UNREACHABLE', `the Kafka cluster (${this.brokers.join(',')}) is unreachable`);
  }
}
