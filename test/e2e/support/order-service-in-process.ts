import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { RunningBroker } from '@app/kafka-broker';
import { createServiceLogger } from '@app/service-kit';
import { loadOrderServiceConfig, OrderServiceConfig } from '../../../apps/order-service/src/config/order-service.config';
import { createOrderServiceApp } from '../../../apps/order-service/src/order-service.app';
import { afterTest, testDatabaseUrl, testKafkaOverrides, testSchema, uniqueId } from '../../support/service-test-kit';

export interface OrderServiceUnderTest {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
}

/** The order-service in process on a database of its own (PGlite in memory, or a schema on PostgreSQL); closed after the test. */
export async function startOrderService(broker: RunningBroker): Promise<OrderServiceUnderTest> {
  const base = loadOrderServiceConfig({ KAFKA_BROKERS: broker.bootstrapServers, KAFKA_CLIENT_ID: uniqueId('order-service'), LOG_LEVEL: 'silent' });
  const config: OrderServiceConfig = { ...base, database: { schema: testSchema('order_e2e'), url: testDatabaseUrl } };
  const app = await createOrderServiceApp(config, {
    logger: createServiceLogger({ service: 'order-service', level: 'silent' }),
    kafka: testKafkaOverrides(),
    outboxRelay: { pollIntervalMs: 50, retryInitialMs: 50, retryMaxMs: 500 },
  });
  let closed: Promise<void> | undefined;
  afterTest(() => (closed ??= app.close()));
  await app.init();
  return { app, http: () => request(app.getHttpServer()) };
}
