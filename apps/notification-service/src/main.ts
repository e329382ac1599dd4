import { bootstrapService, createServiceLogger } from '@app/service-kit';
import { loadNotificationServiceConfig, NOTIFICATION_SERVICE_NAME, NotificationServiceConfig } from './config/notification-service.config';
import { createNotificationServiceApp } from './notification-service.app';

function loadConfig(): NotificationServiceConfig {
  try {
    return loadNotificationServiceConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

const config = loadConfig();
const logger = createServiceLogger({ service: NOTIFICATION_SERVICE_NAME, level: config.logLevel });
void bootstrapService(() => createNotificationServiceApp(config, { logger }), { host: config.host, port: config.port, workers: config.workers, logger });
