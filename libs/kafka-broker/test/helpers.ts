import { randomBytes } from 'node:crypto';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { BrokerOptions, RunningBroker, startBroker } from '../src';

/** A name no other test uses: tests never share topics or groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A kafkajs client for a running broker, quiet unless KAFKAJS_LOG is set. */
export function kafkaFor(broker: RunningBroker, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: uniqueName('test'),
    brokers: broker.bootstrapServers.split(','),
    logLevel: process.env.KAFKAJS_LOG ? logLevel.DEBUG : logLevel.NOTHING,
    retry: { initialRetryTime: 50, retries: 8 },
    ...extra,
  });
}

/** Starts a broker for the enclosing describe block and closes it afterwards. */
export function useBroker(options: BrokerOptions = {}): () => RunningBroker {
  let broker: RunningBroker | undefined;
  beforeAll(async () => {
    broker = await startBroker(options);
  });
  afterAll(async () => {
    await broker?.close();
  });
  return () => {
    if (!broker) throw new Error('broker not started yet');
    return broker;
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
