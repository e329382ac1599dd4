/**
 * Entry point of a service run as a child process by the cross-service tests (so a test can SIGKILL it): the app
 * its `main.ts` builds from the same environment variables, plus what a test needs on top, read from
 * TEST_SCHEMA (a database schema of the test's own) and short Kafka and outbox timings, so that a killed group
 * member is noticed in seconds rather than after the default 30 s session timeout.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register test/e2e/support/run-service.ts payment-service
 */
import 'reflect-metadata';
import type { KafkaModuleOptions } from '@app/kafka';
import { bootstrapService, createServiceLogger } from '@app/service-kit';
import { loadOrderServiceConfig } from '../../../apps/order-service/src/config/order-service.config';
import { createOrderServiceApp } from '../../../apps/order-service/src/order-service.app';
import { loadPaymentServiceConfig } from '../../../apps/payment-service/src/config/payment-service.config';
import { createPaymentServiceApp } from '../../../apps/payment-service/src/payment-service.app';

const kafka: Partial<KafkaModuleOptions> = {
  clientLogLevel: 'error',
  startupRetry: { attempts: 5, initialDelayMs: 100, maxDelayMs: 1000 },
  consumer: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 },
};
const outboxRelay = { pollIntervalMs: 50, retryInitialMs: 50, retryMaxMs: 500 };

async function main(service: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  const schema = env.TEST_SCHEMA;
  if (schema === undefined || !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('TEST_SCHEMA must name the schema of the test');
  if (service === 'order-service') {
    const loaded = loadOrderServiceConfig(env);
    const config = { ...loaded, database: { ...loaded.database, schema } };
    const logger = createServiceLogger({ service, level: config.logLevel });
    await bootstrapService(() => createOrderServiceApp(config, { logger, kafka, outboxRelay }), { host: config.host, port: config.port, workers: config.workers, logger });
  } else if (service === 'payment-service') {
    const loaded = loadPaymentServiceConfig(env);
    const config = { ...loaded, database: { ...loaded.database, schema } };
    const logger = createServiceLogger({ service, level: config.logLevel });
    await bootstrapService(() => createPaymentServiceApp(config, { logger, kafka, outboxRelay }), { host: config.host, port: config.port, workers: config.workers, logger });
  } else {
    throw new Error(`usage: run-service.ts order-service|payment-service, got ${JSON.stringify(service)}`);
  }
}

main(process.argv[2], process.env).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
