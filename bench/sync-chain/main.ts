/**
 * BENCHMARK BASELINE, not part of the system: one process of a synchronous HTTP chain (order -> payment ->
 * notification) that bench/scenarios/sync-vs-events.ts measures against the event-driven services. See README.md.
 *
 *   node dist/bench/sync-chain/main.js order|payment|notification     (after npm run build)
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/sync-chain/main.ts payment
 */
import 'reflect-metadata';
import { bootstrapService, createServiceLogger } from '@app/service-kit';
import { loadSyncChainConfig } from './config/sync-chain.config';
import { createSyncChainApp } from './sync-chain.app';

async function main(): Promise<void> {
  const config = loadSyncChainConfig(process.argv[2]);
  const logger = createServiceLogger({ service: config.service, level: config.logLevel });
  await bootstrapService(() => createSyncChainApp(config, logger), { host: config.host, port: config.port, logger });
}

main().catch((error: unknown) => {
  // Only a bad role or configuration gets here: bootstrapService reports its own failures.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
