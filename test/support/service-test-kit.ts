import { randomBytes } from 'node:crypto';
import { Admin, AssignerProtocol, Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import { AnyEvent, encodeEvent, topicOf } from '@app/contracts';
import { Database, migrate, Migration, openDatabase, silentDatabaseLogger, Transaction } from '@app/database';
import { buildEventHeaders, createKafkajs, KafkaModuleOptions, silentKafkaLogger } from '@app/kafka';
import type { RunningBroker } from '@app/kafka-broker';
import { startTestBroker } from './test-broker';
import { ReadRecord, readTopicWith } from './read-topic';

/**
 * Helpers for behaviour tests of the services: a broker of the test's own, a real database (PostgreSQL when
 * TEST_DATABASE_URL is set, PGlite in memory otherwise), kafkajs clients playing the other services, and
 * cleanup after each test of everything started.
 */

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

const cleanups: (() => Promise<void>)[] = [];
const schemas: string[] = [];

/** `prefix_` plus random hex: names no other test uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Runs `cleanup` after the test, before the broker closes (last registered runs first). */
export function afterTest(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/** A fresh schema name; on PostgreSQL the schema is dropped after the test. */
export function testSchema(prefix: string): string {
  const schema = uniqueId(prefix);
  if (testDatabaseUrl) schemas.push(schema);
  return schema;
}

/** A broker of the test's own on a free port; what the test started is closed after it, the broker last. */
export function useBroker(): () => RunningBroker {
  let broker: RunningBroker | undefined;
  beforeEach(async () => {
    broker = await startTestBroker();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await broker?.close();
    broker = undefined;
    await dropSchemas();
  });
  return () => {
    if (!broker) throw new Error('broker not started');
    return broker;
  };
}

/**
 * A database of the test's own, migrated with `migrations`, for tests of a service's SQL without the service: a
 * fresh schema per test on PostgreSQL (dropped after it), a fresh in-memory PGlite otherwise.
 */
export function useMigratedDatabase(prefix: string, migrations: readonly Migration[]): () => Database {
  let db: Database | undefined;
  beforeEach(async () => {
    db = await openDatabase({ url: testDatabaseUrl, schema: testSchema(prefix), logger: silentDatabaseLogger });
    await migrate(db, migrations);
  });
  afterEach(async () => {
    await db?.close();
    db = undefined;
    await dropSchemas();
  });
  return () => {
    if (!db) throw new Error('database not open');
    return db;
  };
}

/** Runs `fn` in a transaction of `db` whose statements are counted. */
export async function countedTransaction<T>(db: Database, fn: (tx: Transaction) => Promise<T>): Promise<{ value: T; statements: number }> {
  let statements = 0;
  const value = await db.transaction((tx) =>
    fn({
      ...tx,
      query: (sql, params) => {
        statements += 1;
        return tx.query(sql, params);
      },
    }),
  );
  return { value, statements };
}

async function dropSchemas(): Promise<void> {
  if (!testDatabaseUrl || schemas.length === 0) return;
  const client = new Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    for (const schema of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Kafka options for a service under test: quiet, quick to give up, short fetch waits and heartbeats. */
export function testKafkaOverrides(): Partial<KafkaModuleOptions> {
  return {
    logger: silentKafkaLogger,
    clientLogLevel: 'nothing',
    requestRetries: 1,
    startupRetry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
    consumer: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 300, maxWaitTimeMs: 100 },
  };
}

export function testKafka(broker: RunningBroker): Kafka {
  return createKafkajs({ clientId: uniqueId('test'), brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 50 } });
}

/** An admin client, disconnected after the test. */
export async function testAdmin(broker: RunningBroker): Promise<Admin> {
  const admin = testKafka(broker).admin();
  await admin.connect();
  afterTest(() => admin.disconnect());
  return admin;
}

/** A producer playing another service (or a misbehaving one), disconnected after the test. */
export async function testProducer(broker: RunningBroker): Promise<Producer> {
  const producer = testKafka(broker).producer();
  await producer.connect();
  afterTest(() => producer.disconnect());
  return producer;
}

/** Publishes events as the services' outbox relays do: to their topic, keyed by order id, with the standard headers. */
export async function publishEvents(producer: Producer, events: readonly AnyEvent[], partition?: number): Promise<void> {
  for (const event of events) {
    await producer.send({
      topic: topicOf(event.eventType),
      messages: [
        {
          key: event.data.orderId,
          value: encodeEvent(event),
          partition,
          headers: buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId: event.correlationId }),
        },
      ],
    });
  }
}

export type { ReadRecord };

/** Reads `topic` from the start until `count` records have arrived (in a throw-away group). */
export function readTopic(broker: RunningBroker, topic: string, count: number, timeoutMs = 30_000): Promise<ReadRecord[]> {
  return readTopicWith(testKafka(broker), topic, count, timeoutMs);
}

/** How many records `topic` holds over all partitions (0 when it does not exist). */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  if (!(await admin.listTopics()).includes(topic)) return 0;
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

/** The partitions of `topic` each member of `group` owns, or undefined while the group is not stable. */
export async function assignments(admin: Admin, group: string, topic: string): Promise<number[][] | undefined> {
  const { groups } = await admin.describeGroups([group]);
  const described = groups[0];
  if (described === undefined || described.state !== 'Stable') return undefined;
  return described.members.map((member) => {
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    return [...(assignment?.assignment[topic] ?? [])].sort((a, b) => a - b);
  });
}

/** Resolves once `group` has committed every record of `topics` (in that order): all of them were handled. */
export async function caughtUp(admin: Admin, group: string, topics: readonly string[]): Promise<void> {
  for (const topic of topics) {
    await eventually(async () => {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      const behind = ends.filter((end) => {
        const at = committed?.partitions.find((p) => p.partition === end.partition);
        return Number(at?.offset ?? -1) < Number(end.high) && Number(end.high) > Number(end.low);
      });
      return behind.length === 0 ? true : undefined;
    }, `group ${group} to catch up on ${topic}`);
  }
}

/** Polls `check` until it returns something other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
