import { EnvReader, LogLevel, readServiceSettings } from '@app/service-kit';
import { loadPaymentServiceConfig } from '../../../apps/payment-service/src/config/payment-service.config';
import type { SimulatedGatewaySettings } from '../../../apps/payment-service/src/payments/gateway/simulated-gateway.settings';

/** Which of the three baseline processes to run. */
export type SyncRole = 'order' | 'payment' | 'notification';

export const SYNC_ROLES: readonly SyncRole[] = ['order', 'payment', 'notification'];

export interface SyncChainConfig {
  readonly role: SyncRole;
  /** `sync-order`, `sync-payment`, `sync-notification`: the service label in logs and metrics. */
  readonly service: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** PostgreSQL when `url` is set, PGlite in `dataDir` otherwise; schema `sync_<role>`. */
  readonly database: { readonly schema: string; readonly url?: string; readonly dataDir?: string };
  /** Base URL of the next hop: payment for the order role, notification for the payment role. */
  readonly nextHopUrl?: string;
  /** How long one downstream HTTP call may take before the caller gives up with 504. */
  readonly downstreamTimeoutMs: number;
  /** Only the payment role uses it; read by payment-service's own config reader, so the defaults cannot drift. */
  readonly gateway: SimulatedGatewaySettings;
}

const NEXT_HOP: Record<SyncRole, string | undefined> = { order: 'PAYMENT_URL', payment: 'NOTIFICATION_URL', notification: undefined };

/**
 * The baseline's settings for `role`: HOST, PORT, LOG_LEVEL, DATABASE_URL / DATA_DIR as every service reads them,
 * PAYMENT_URL (order role) or NOTIFICATION_URL (payment role), DOWNSTREAM_TIMEOUT_MS (30000), and the payment
 * service's GATEWAY_* variables. Every problem is reported at once.
 */
export function loadSyncChainConfig(role: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): SyncChainConfig {
  if (!SYNC_ROLES.includes(role as SyncRole)) throw new Error(`usage: sync-chain main order|payment|notification, got ${JSON.stringify(role)}`);
  const syncRole = role as SyncRole;
  const service = `sync-${syncRole}`;
  const read = new EnvReader(env);
  const settings = readServiceSettings(read, service, { port: 0, schema: `sync_${syncRole}` });
  const nextHopVariable = NEXT_HOP[syncRole];
  const nextHopUrl = nextHopVariable === undefined ? undefined : read.optional(nextHopVariable);
  if (nextHopVariable !== undefined) {
    read.check(nextHopUrl !== undefined && /^http:\/\/[^/\s]+$/.test(nextHopUrl), `${nextHopVariable} must be like http://127.0.0.1:4501, got ${JSON.stringify(nextHopUrl)}`);
  }
  const downstreamTimeoutMs = read.integer('DOWNSTREAM_TIMEOUT_MS', 30_000, 1, 600_000);
  read.assertValid(service);
  return {
    role: syncRole,
    service,
    host: settings.host,
    port: settings.port,
    logLevel: settings.logLevel,
    database: settings.database,
    nextHopUrl,
    downstreamTimeoutMs,
    gateway: loadPaymentServiceConfig(env).gateway,
  };
}
