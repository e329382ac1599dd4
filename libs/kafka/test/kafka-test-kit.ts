import { randomBytes } from 'node:crypto';
import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DATABASE, Database, DatabaseModule, inboxMigrations, migrate, Migration, openDatabase, silentDatabaseLogger } from '@app/database';
import type { RunningBroker } from '@app/kafka-broker';
import { clientRetries, startTestBroker } from '../../../test/support/test-broker';
import { ReadRecord, readTopicWith } from '../../../test/support/read-topic';
import { KafkaConsumers, KafkaLogger, KafkaModule, KafkaModuleOptions, KafkaProducer } from '../src';

/** PostgreSQL when TEST_DATABASE_URL is set (CI runs the suite both ways), PGlite in memory otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** A name no other test uses: tests never share topics, groups or schemas. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Starts a broker of the test's own on a free port before each test, closed after it. */
export function useBroker(): () => RunningBroker {
  let broker: RunningBroker | undefined;
  beforeEach(async () => {
    broker = await startTestBroker();
  });
  afterEach(async () => {
    // Apps first: their consumers leave the group while the broker still answers.
    await closeOpenApps();
    await broker?.close();
    broker = undefined;
  });
  return () => {
    if (!broker) throw new Error('broker not started');
    return broker;
  };
}

/** Log lines the lib wrote, to assert on what an operator would read. */
export function recordingLogger(): KafkaLogger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TestApp {
  module: TestingModule;
  get<T>(type: Type<T> | symbol): T;
  close(): Promise<void>;
}

const openApps: TestApp[] = [];
const schemas: string[] = [];
const databases: Database[] = [];

async function closeOpenApps(): Promise<void> {
  await Promise.all(openApps.splice(0).map((app) => app.close()));
}

afterEach(async () => {
  await closeOpenApps();
  await Promise.all(databases.splice(0).map((db) => db.close()));
  if (testDatabaseUrl && schemas.length > 0) {
    const client = new Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  }
});

/** Options that keep tests quick: short fetch waits and heartbeats, a client that gives up fast. */
export function testKafkaOptions(broker: RunningBroker, overrides: Partial<KafkaModuleOptions> = {}): KafkaModuleOptions {
  return {
    brokers: broker.bootstrapServers.split(','),
    clientId: uniqueName('test-app'),
    requestRetries: clientRetries(1),
    startupRetry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
    logger: recordingLogger(),
    clientLogLevel: 'nothing',
    ...overrides,
    consumer: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100, ...overrides.consumer },
  };
}

function newSchema(): string {
  const schema = `kafka_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  return schema;
}

/** A database of the test's own, migrated with the inbox and `migrations`; closed and dropped after the test. */
export async function openTestDatabase(migrations: Migration[] = []): Promise<Database> {
  const db = await openDatabase({ schema: newSchema(), url: testDatabaseUrl, logger: silentDatabaseLogger });
  databases.push(db);
  await migrate(db, [...inboxMigrations, ...migrations]);
  return db;
}

@Module({})
class SharedDatabaseModule {
  /** Provides an already open database, as a service restarted on the same database would see it. */
  static of(db: Database): DynamicModule {
    return { module: SharedDatabaseModule, global: true, providers: [{ provide: DATABASE, useValue: db }], exports: [DATABASE] };
  }
}

/**
 * A Nest app with the Kafka module and `providers` (the handlers), initialised like a service at start-up.
 * With `database`, it also gets a DatabaseModule on a schema of its own, migrated with the inbox and `migrations`,
 * or the `shared` database given.
 */
export async function startApp(options: {
  /** The module options, or a ready module (e.g. from `KafkaModule.forRootAsync`). */
  kafka: KafkaModuleOptions | DynamicModule;
  providers: Provider[];
  database?: { migrations?: Migration[] } | { shared: Database };
  imports?: DynamicModule[];
}): Promise<TestApp> {
  const kafka = 'module' in options.kafka ? options.kafka : KafkaModule.forRoot(options.kafka);
  const imports = [kafka, ...(options.imports ?? [])];
  if (options.database && 'shared' in options.database) {
    imports.push(SharedDatabaseModule.of(options.database.shared));
  } else if (options.database) {
    imports.push(
      DatabaseModule.forRoot({ schema: newSchema(), url: testDatabaseUrl, logger: silentDatabaseLogger, migrations: [...inboxMigrations, ...(options.database.migrations ?? [])] }),
    );
  }
  const module = await Test.createTestingModule({ imports, providers: options.providers }).compile();
  let closed: Promise<void> | undefined;
  const app: TestApp = {
    module,
    get: <T>(type: Type<T> | symbol) => module.get<T>(type),
    close: () => (closed ??= module.close()),
  };
  try {
    await module.init();
  } catch (error) {
    await releaseAfterFailedStart(module, options.database !== undefined && !('shared' in options.database));
    throw error;
  }
  openApps.push(app);
  return app;
}

/**
 * Nest cannot close a context whose start failed (close() rethrows the start error), and a real service would
 * exit; a test process goes on, so it releases what the start had already opened itself.
 */
async function releaseAfterFailedStart(module: TestingModule, ownsDatabase: boolean): Promise<void> {
  await module
    .get(KafkaConsumers)
    .beforeApplicationShutdown()
    .catch(() => undefined);
  await module
    .get(KafkaProducer)
    .onApplicationShutdown()
    .catch(() => undefined);
  if (ownsDatabase)
    await module
      .get<Database>(DATABASE, { strict: false })
      .close()
      .catch(() => undefined);
}

/** A plain kafkajs client for the test's own looking at topics and groups. */
/** An admin client of the test's broker, connected before each test and disconnected after it. */
export function useAdmin(broker: () => RunningBroker): () => Admin {
  let admin: Admin | undefined;
  beforeEach(async () => {
    admin = testKafka(broker()).admin();
    await admin.connect();
  });
  afterEach(async () => {
    await admin?.disconnect();
    admin = undefined;
  });
  return () => {
    if (admin === undefined) throw new Error('useAdmin: the admin client exists only while a test runs');
    return admin;
  };
}

export function testKafka(broker: RunningBroker): Kafka {
  return new Kafka({ clientId: uniqueName('observer'), brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: clientRetries(3), initialRetryTime: 50 } });
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

/** The group's committed offset on one partition, -1 when none. */
export async function committedOffset(admin: Admin, groupId: string, topic: string, partition: number): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const found = entry?.partitions.find((p) => p.partition === partition);
  return found === undefined ? -1 : Number(found.offset);
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

/** A promise with its resolve function, to hold a handler until the test lets it go. */
export function latch(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
