import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { RunningBroker } from '@app/kafka-broker';
import { createServiceLogger } from '@app/service-kit';
import { afterTest, testDatabaseUrl, testKafkaOverrides, testSchema, uniqueId } from '../../../test/support/service-test-kit';
import { AnalyticsServiceConfig, loadAnalyticsServiceConfig } from '../src/config/analytics-service.config';
import { createAnalyticsServiceApp } from '../src/analytics-service.app';

export * from '../../../test/support/service-test-kit';
export * from '../../../test/support/event-fixtures';

export const ANALYTICS_GROUP = 'analytics-service';

export interface AnalyticsServiceUnderTest {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Where the service keeps its data; give the same one to a restarted instance. */
export type AnalyticsDatabase = AnalyticsServiceConfig['database'];

/** PostgreSQL on a schema of its own, or PGlite in a temporary directory (it outlives a restart). */
export function analyticsDatabase(dataDir?: string): AnalyticsDatabase {
  const schema = testSchema('analytics_test');
  return testDatabaseUrl ? { schema, url: testDatabaseUrl } : { schema, dataDir };
}

/** Starts the analytics service in process; closed after the test (or earlier with `close`). */
export async function startAnalyticsService(broker: RunningBroker, database: AnalyticsDatabase = analyticsDatabase()): Promise<AnalyticsServiceUnderTest> {
  const base = loadAnalyticsServiceConfig({
    KAFKA_BROKERS: broker.bootstrapServers,
    KAFKA_CLIENT_ID: uniqueId('analytics-service'),
    KAFKA_RETRY_INITIAL_DELAY_MS: '200',
    LOG_LEVEL: 'silent',
  });
  const app = await createAnalyticsServiceApp(
    { ...base, database },
    {
      logger: createServiceLogger({ service: 'analytics-service', level: 'silent' }),
      kafka: testKafkaOverrides(),
    },
  );
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= app.close());
  afterTest(close);
  await app.init();
  return { app, http: () => request(app.getHttpServer()), close };
}
