import { Admin, Kafka, logLevel } from 'kafkajs';
import { CliError, ExitCode } from '../cli/cli.errors';
import { createKafkajs } from '@app/kafka/client/kafkajs-codecs';

export interface KafkaSettings {
  brokers: readonly string[];
  /** How long connecting may take before the command fails with exit code 3. */
  connectTimeoutMs: number;
  clientId: string;
}

interface Connectable {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

const DISCONNECT_TIMEOUT_MS = 5000;

/**
 * The kafkajs client of one CLI run. Every connection goes through {@link connect}, which bounds it by the
 * connect timeout and turns any failure into `CLI.UNREACHABLE`; {@link close} disconnects everything opened.
 */
export class KafkaSession {
  readonly kafka: Kafka;
  private adminClient?: Promise<Admin>;
  private readonly opened: Connectable[] = [];

  constructor(readonly settings: KafkaSettings) {
    this.kafka = createKafkajs({
      clientId: settings.clientId,
      brokers: [...settings.brokers],
      connectionTimeout: Math.min(3000, settings.connectTimeoutMs),
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
      // Failures reach the operator as one clear error; kafkajs's own retry chatter would bury it.
      logLevel: logLevel.NOTHING,
    });
  }

  /** The admin client, connected on first use. */
  admin(): Promise<Admin> {
    this.adminClient ??= this.connect(this.kafka.admin());
    return this.adminClient;
  }

  async connect<T extends Connectable>(client: T): Promise<T> {
    const { brokers, connectTimeoutMs } = this.settings;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unreachable(`no answer from Kafka at ${brokers.join(',')} within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    });
    try {
      await Promise.race([client.connect(), deadline]);
      this.opened.push(client);
      return client;
    } catch (error) {
      // Not awaited: a client still retrying would hold the answer up; the process exits after the command.
      client.disconnect().catch(() => undefined);
      throw error instanceof CliError ? error : unreachable(`cannot reach Kafka at ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Disconnects every client, newest first; a broker that has gone away cannot hold the exit up. */
  async close(): Promise<void> {
    for (const client of this.opened.splice(0).reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, DISCONNECT_TIMEOUT_MS)));
      await Promise.race([client.disconnect().catch(() => undefined), giveUp]);
      clearTimeout(timer);
    }
  }
}

function unreachable(message: string): CliError {
  return new CliError('CLI.UNREACHABLE', message, ExitCode.Unreachable, 'start a broker (npm run broker) or point --brokers / KAFKA_BROKERS at a running one');
}
