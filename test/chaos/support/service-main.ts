/**
 * Entry point of a service run as a child process by the fault-injection suite, so a scenario can SIGKILL it:
 * the compiled app from dist/ (built by the runner first) with the environment its `main.ts` reads, plus short
 * Kafka and outbox timings, so that a killed group member is noticed in seconds rather than after the default
 * 30 s session timeout. Unlike test/e2e/support/run-service.ts, no jest and no ts-node: entry.ts transpiles this
 * file alone into dist/, so a start costs what the compiled service costs (tsx's loader added ~1 s of CPU).
 *
 *   node dist/chaos/service-main.js order-service|payment-service <dist dir>
 */
import 'reflect-metadata';
import { join } from 'node:path';
import type { KafkaModuleOptions } from '@app/kafka';
import type * as ServiceKit from '@app/service-kit';
import type * as OrderApp from '../../../apps/order-service/src/order-service.app';
import type * as OrderConfig from '../../../apps/order-service/src/config/order-service.config';
import type * as PaymentApp from '../../../apps/payment-service/src/payment-service.app';
import type * as PaymentConfig from '../../../apps/payment-service/src/config/payment-service.config';

const kafka: Partial<KafkaModuleOptions> = {
  clientLogLevel: 'error',
  startupRetry: { attempts: 10, initialDelayMs: 100, maxDelayMs: 1000 },
  consumer: { sessionTimeoutMs: 6000, heartbeatIntervalMs: 500, maxWaitTimeMs: 100 },
};
const outboxRelay = { pollIntervalMs: 50, retryInitialMs: 50, retryMaxMs: 500 };

async function main(service: string | undefined, distDir: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  if (distDir === undefined) throw new Error('usage: service-main.js <service> <dist dir>');
  // require, not import: the compiled tree is named at run time
  const compiled = <T>(path: string): T => require(join(distDir, path)) as T;
  const kit = compiled<typeof ServiceKit>('libs/service-kit/src/index.js');
  if (service === 'order-service') {
    const { loadOrderServiceConfig } = compiled<typeof OrderConfig>('apps/order-service/src/config/order-service.config.js');
    const { createOrderServiceApp } = compiled<typeof OrderApp>('apps/order-service/src/order-service.app.js');
    const config = loadOrderServiceConfig(env);
    const logger = kit.createServiceLogger({ service, level: config.logLevel });
    await kit.bootstrapService(() => createOrderServiceApp(config, { logger, kafka, outboxRelay }), { host: config.host, port: config.port, logger });
  } else if (service === 'payment-service') {
    const { loadPaymentServiceConfig } = compiled<typeof PaymentConfig>('apps/payment-service/src/config/payment-service.config.js');
    const { createPaymentServiceApp } = compiled<typeof PaymentApp>('apps/payment-service/src/payment-service.app.js');
    const config = loadPaymentServiceConfig(env);
    const logger = kit.createServiceLogger({ service, level: config.logLevel });
    await kit.bootstrapService(() => createPaymentServiceApp(config, { logger, kafka, outboxRelay }), { host: config.host, port: config.port, logger });
  } else {
    throw new Error(`usage: service-main.ts order-service|payment-service, got ${JSON.stringify(service)}`);
  }
}

main(process.argv[2], process.argv[3], process.env).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
