import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import request from 'supertest';
import type { OrderCreatedEvent } from '@app/contracts';
import { Database, openDatabase, silentDatabaseLogger } from '@app/database';
import type { RunningBroker } from '@app/kafka-broker';
import { createServiceLogger } from '@app/service-kit';
import { afterTest, eventually, publishEvents, testDatabaseUrl, testKafkaOverrides, testSchema, uniqueId } from '../../../test/support/service-test-kit';
import { loadPaymentServiceConfig, PaymentServiceConfig } from '../src/config/payment-service.config';
import { createPaymentServiceApp } from '../src/payment-service.app';

export * from '../../../test/support/service-test-kit';
export { orderCreated, orderData } from '../../../test/support/event-fixtures';

export interface PaymentServiceUnderTest {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** What instances of the service have in common: one schema on PostgreSQL, one PGlite object in process. */
export interface SharedDatabase {
  schema: string;
  pglite?: Database;
}

/** A database for several instances; on PGlite it is opened here and closed after the test. */
export async function sharedDatabase(): Promise<SharedDatabase> {
  const schema = testSchema('payment_test');
  if (testDatabaseUrl) return { schema };
  const pglite = await openDatabase({ schema, logger: silentDatabaseLogger });
  afterTest(() => pglite.close());
  return { schema, pglite };
}

export interface StartOptions {
  /** Environment variables over the test defaults (no gateway latency, short retry delays). */
  env?: Record<string, string>;
  /** Another instance's database (see {@link sharedDatabase}). */
  sharedDatabase?: SharedDatabase;
}

/** The ADMIN_TOKEN of every payment-service under test; {@link adminAuth} is its header. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const adminAuth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } as const;

export function testConfig(broker: RunningBroker, env: Record<string, string> = {}): PaymentServiceConfig {
  return loadPaymentServiceConfig({
    KAFKA_BROKERS: broker.bootstrapServers,
    KAFKA_CLIENT_ID: uniqueId('payment-service'),
    GATEWAY_LATENCY_MS: '0',
    GATEWAY_LATENCY_JITTER_MS: '0',
    KAFKA_RETRY_INITIAL_DELAY_MS: '200',
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...env,
  });
}

/** Starts the payment service in process (consumers and outbox relay running), closed after the test. */
export async function startPaymentService(broker: RunningBroker, options: StartOptions = {}): Promise<PaymentServiceUnderTest> {
  const shared = options.sharedDatabase;
  const config: PaymentServiceConfig = {
    ...testConfig(broker, options.env),
    database: { schema: shared?.schema ?? testSchema('payment_test'), url: testDatabaseUrl },
  };
  const app = await createPaymentServiceApp(config, {
    logger: createServiceLogger({ service: 'payment-service', level: 'silent' }),
    database: shared?.pglite,
    kafka: testKafkaOverrides(),
    outboxRelay: { pollIntervalMs: 50 },
  });
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= app.close());
  afterTest(close);
  await app.init();
  return { app, http: () => request(app.getHttpServer()), close };
}

/** Publishes OrderCreated events as the order-service's outbox relay does. */
export async function publishOrders(producer: Producer, events: readonly OrderCreatedEvent[], partition?: number): Promise<void> {
  await publishEvents(producer, events, partition);
}

/** The payment `GET /payments/:orderId` shows, once there is one. */
export async function paymentOf(service: PaymentServiceUnderTest, orderId: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const response = await service.http().get(`/payments/${orderId}`);
    return response.status === 200 ? (response.body as Record<string, unknown>) : undefined;
  }, `the payment of ${orderId}`);
}
