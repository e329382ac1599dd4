import { bootstrapService, createServiceLogger } from '@app/service-kit';
import { createAnalyticsServiceApp } from './analytics-service.app';
import { ANALYTICS_SERVICE_NAME, AnalyticsServiceConfig, loadAnalyticsServiceConfig } from './config/analytics-service.config';

function loadConfig(): AnalyticsServiceConfig {
  try {
    return loadAnalyticsServiceConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const config = loadConfig();
const logger = createServiceLogger({ service: ANALYTICS_SERVICE_NAME, level: config.logLevel });
void bootstrapService(() => createAnalyticsServiceApp(config, { logger }), { host: config.host, port: config.port, workers: config.workers, logger });
