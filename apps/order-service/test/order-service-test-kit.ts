import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import request from 'supertest';
import { createEvent, encodeEvent, EventData, topicOf } from '@app/contracts';
import type { RunningBroker } from '@app/kafka-broker';
import { startTestBroker } from '../../../test/support/test-broker';
import { ReadRecord, readTopicWith } from '../../../test/support/read-topic';
import { createServiceLogger } from '@app/service-kit';
import type { OrderServiceConfig } from '../src/config/order-service.config';
import { createOrderServiceApp } from '../src/order-service.app';
import { createKafkajs } from '@app/kafka';

/** PostgreSQL when TEST_DATABASE_URL is set (CI runs the suite both ways), PGlite otherwise. */
const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export interface LogLine {
  level: string;
  msg?: string;
  [field: string]: unknown;
}

export interface RunningOrderService {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  logs: LogLine[];
  close(): Promise<void>;
}

/** Where an order-service keeps its data; the same store can be handed to a second app (a restart). */
export interface TestStore {
  schema: string;
  /** PGlite on disk, so that a restarted app finds the same rows; undefined on PostgreSQL. */
  dataDir?: string;
}

const openApps: RunningOrderService[] = [];
const stores: TestStore[] = [];
let broker: RunningBroker | undefined;

/** A broker of the test's own on a free port, started before each test and closed after it (apps first). */
export function useBroker(): () => RunningBroker {
  beforeEach(async () => {
    broker = await startTestBroker();
  });
  afterEach(async () => {
    await Promise.all(openApps.splice(0).map((app) => app.close()));
    await broker?.close();
    broker = undefined;
    await Promise.all(stores.splice(0).map(dropStore));
  });
  return () => {
    if (broker === undefined) throw new Error('broker not started');
    return broker;
  };
}

/** A database of the test's own: a schema with a random suffix on PostgreSQL, a temporary directory on PGlite. */
export async function newStore(options: { persistent?: boolean } = {}): Promise<TestStore> {
  const schema = `order_${randomBytes(5).toString('hex')}`;
  const store: TestStore = { schema, dataDir: testDatabaseUrl || !options.persistent ? undefined : await mkdtemp(join(tmpdir(), 'order-service-')) };
  stores.push(store);
  return store;
}

async function dropStore(store: TestStore): Promise<void> {
  if (store.dataDir !== undefined) await rm(store.dataDir, { recursive: true, force: true });
  if (testDatabaseUrl) {
    const client = new Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${store.schema}" CASCADE`);
    } finally {
      await client.end();
    }
  }
}

/** The order-service in-process against `broker`, with short timings; closed after the test. */
export async function startOrderService(broker: RunningBroker, store?: TestStore): Promise<RunningOrderService> {
  const { schema, dataDir } = store ?? (await newStore());
  const config: OrderServiceConfig = {
    host: '127.0.0.1',
    port: 0,
    kafka: { brokers: broker.bootstrapServers.split(','), clientId: uniqueName('order-service') },
    database: { schema, url: testDatabaseUrl, dataDir },
    logLevel: 'info',
    workers: 1,
  };
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const app = await createOrderServiceApp(config, {
    logger: createServiceLogger({ service: 'order-service', level: 'info', destination }),
    kafka: {
      requestRetries: 1,
      requestTimeoutMs: 3000,
      startupRetry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
      clientLogLevel: 'nothing',
      retry: { initialDelayMs: 50, maxDelayMs: 200 },
      consumer: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100 },
    },
    outboxRelay: { pollIntervalMs: 50, retryInitialMs: 50, retryMaxMs: 200 },
  });
  await app.init();
  let closed: Promise<void> | undefined;
  const service: RunningOrderService = {
    app,
    http: request(app.getHttpServer()),
    logs,
    close: () => (closed ??= app.close()),
  };
  openApps.push(service);
  return service;
}

/** A plain kafkajs client for the test's own producing and looking at topics and groups. */
export function testKafka(broker: RunningBroker): Kafka {
  return createKafkajs({ clientId: uniqueName('observer'), brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 50 } });
}

export type { ReadRecord };

/** Reads `topic` from the start until `count` records have arrived (in a throw-away group). */
export function readTopic(broker: RunningBroker, topic: string, count: number, timeoutMs = 20_000): Promise<ReadRecord[]> {
  return readTopicWith(testKafka(broker), topic, count, timeoutMs);
}

/** How many records `topic` holds over all partitions (0 when it does not exist). */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  if (!(await admin.listTopics()).includes(topic)) return 0;
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

/** Polls `check` until it returns something other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The value of one sample on /metrics (first line whose name and labels start with `sample`). */
export async function metricValue(service: RunningOrderService, sample: string): Promise<number | undefined> {
  const res = await service.http.get('/metrics');
  const line = res.text.split('\n').find((l) => l.startsWith(sample));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

export function validOrder(userId = uniqueName('usr')): { userId: string; items: { productId: string; quantity: number; price: number }[] } {
  return {
    userId,
    items: [
      { productId: 'sku-espresso-beans-1kg', quantity: 2, price: 24.5 },
      { productId: 'sku-milk-frother', quantity: 1, price: 39.99 },
    ],
  };
}

/**
 * Publishes a payment result as the payment service would: the contract's envelope, keyed by order id, with the
 * standard event headers. `eventId` repeats an event (a redelivery).
 */
export async function publishPaymentResult<T extends 'PaymentProcessed' | 'PaymentFailed'>(
  broker: RunningBroker,
  type: T,
  data: EventData<T> & { orderId: string },
  options: { eventId?: string; correlationId?: string } = {},
): Promise<{ eventId: string }> {
  const event = createEvent(type, data, { correlationId: options.correlationId ?? uniqueName('corr'), eventId: options.eventId });
  const producer = testKafka(broker).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: topicOf(type),
      messages: [
        {
          key: data.orderId,
          value: encodeEvent(event),
          headers: { 'event-id': event.eventId, 'event-type': type, 'event-version': String(event.version), 'correlation-id': event.correlationId, 'content-type': 'application/json' },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  return { eventId: event.eventId };
}

/** Offsets the order-service group committed on `topic`, summed over partitions: how many messages it is done with. */
export async function committedCount(broker: RunningBroker, topic: string): Promise<number> {
  const admin = testKafka(broker).admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId: 'order-service', topics: [topic] });
    return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}
