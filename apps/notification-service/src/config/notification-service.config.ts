import { EnvReader, RetrySettings, ServiceSettings, readRetrySettings, readServiceSettings } from '@app/service-kit';

export const NOTIFICATION_SERVICE_NAME = 'notification-service';

export interface NotificationServiceConfig extends ServiceSettings {
  readonly kafka: ServiceSettings['kafka'] & {
    /** Retries of retriable failures (a payment event read before its order) through the retry topics. */
    readonly retry: RetrySettings;
  };
}

/** The service's configuration from environment variables (see the README); every problem in one `ConfigError`. */
export function loadNotificationServiceConfig(env: Readonly<Record<string, string | undefined>> = process.env): NotificationServiceConfig {
  const read = new EnvReader(env);
  const settings = readServiceSettings(read, NOTIFICATION_SERVICE_NAME, { port: 3004, schema: 'notification_service' });
  const config: NotificationServiceConfig = { ...settings, kafka: { ...settings.kafka, retry: readRetrySettings(read, 5) } };
  read.assertValid(NOTIFICATION_SERVICE_NAME);
  return config;
}
