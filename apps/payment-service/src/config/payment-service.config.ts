import { EnvReader, RetrySettings, ServiceSettings, readRetrySettings, readServiceSettings } from '@app/service-kit';
import { MAX_GATEWAY_LATENCY_MS, SimulatedGatewaySettings } from '../payments/gateway/simulated-gateway.settings';

export const PAYMENT_SERVICE_NAME = 'payment-service';

export interface PaymentServiceConfig extends ServiceSettings {
  readonly kafka: ServiceSettings['kafka'] & {
    /** Retries of retriable failures (gateway timeouts) through the retry topics. */
    readonly retry: RetrySettings;
  };
  readonly gateway: SimulatedGatewaySettings;
  /** Bearer token of the admin endpoints (ADMIN_TOKEN); unset: they are closed. */
  readonly adminToken?: string;
}

/** Printable ASCII without spaces, long enough not to be guessed. */
const ADMIN_TOKEN = /^[\x21-\x7e]{16,256}$/;

/**
 * The service's configuration from environment variables (see the README), validated at once: every problem is
 * reported in one `ConfigError`.
 */
export function loadPaymentServiceConfig(env: Readonly<Record<string, string | undefined>> = process.env): PaymentServiceConfig {
  const read = new EnvReader(env);
  const settings = readServiceSettings(read, PAYMENT_SERVICE_NAME, { port: 3003, schema: 'payment_service' });
  const config: PaymentServiceConfig = {
    ...settings,
    kafka: { ...settings.kafka, retry: readRetrySettings(read) },
    gateway: {
      latencyMs: read.integer('GATEWAY_LATENCY_MS', 50, 0, MAX_GATEWAY_LATENCY_MS),
      latencyJitterMs: read.integer('GATEWAY_LATENCY_JITTER_MS', 50, 0, MAX_GATEWAY_LATENCY_MS),
      declineRate: read.number('GATEWAY_DECLINE_RATE', 0, 0, 1),
      transientFailureRate: read.number('GATEWAY_TRANSIENT_FAILURE_RATE', 0, 0, 1),
      bugRate: read.number('GATEWAY_BUG_RATE', 0, 0, 1),
      bugMode: read.boolean('GATEWAY_BUG_MODE', false),
    },
  };
  const adminToken = read.optional('ADMIN_TOKEN');
  read.check(adminToken === undefined || ADMIN_TOKEN.test(adminToken), 'ADMIN_TOKEN must be 16 to 256 printable characters without spaces');
  if (adminToken !== undefined) Object.assign(config, { adminToken });
  read.assertValid(PAYMENT_SERVICE_NAME);
  return config;
}
