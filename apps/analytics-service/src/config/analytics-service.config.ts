import { EnvReader, RetrySettings, ServiceSettings, readRetrySettings, readServiceSettings } from '@app/service-kit';

export const ANALYTICS_SERVICE_NAME = 'analytics-service';

export interface AnalyticsServiceConfig extends ServiceSettings {
  readonly kafka: ServiceSettings['kafka'] & {
    /** Retries of retriable failures (a database hiccup) through the retry topics. */
    readonly retry: RetrySettings;
  };
}

/** The service's configuration from environment variables (see the README); every problem in one `ConfigError`. */
export function loadAnalyticsServiceConfig(env: Readonly<Record<string, string | undefined>> = process.env): AnalyticsServiceConfig {
  const read = new EnvReader(env);
  const settings = readServiceSettings(read, ANALYTICS_SERVICE_NAME, { port: 3005, schema: 'analytics_service' });
  const config: AnalyticsServiceConfig = { ...settings, kafka: { ...settings.kafka, retry: readRetrySettings(read) } };
  read.assertValid(ANALYTICS_SERVICE_NAME);
  return config;
}
