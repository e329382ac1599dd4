import type { BrokerProcess, ProcessGroup, ServiceName, ServiceProcess } from './processes';

/** The simulated gateway answering at once: the pipeline's own latency, not a sleep, is measured. */
export const INSTANT_GATEWAY = { GATEWAY_LATENCY_MS: '0', GATEWAY_LATENCY_JITTER_MS: '0' } as const;

export interface Pipeline {
  readonly broker: BrokerProcess;
  readonly services: Readonly<Record<ServiceName, ServiceProcess>>;
}

/**
 * The whole system as `npm start` runs it, compiled: the embedded broker (6 partitions per topic) and the four
 * services on `database` (PostgreSQL, one schema per service), on ports portBase..portBase+3.
 */
export async function startPipeline(group: ProcessGroup, options: { portBase: number; databaseUrl: string; paymentEnv?: Record<string, string> }): Promise<Pipeline> {
  const broker = await group.broker({ port: 0, partitions: 6 });
  const env = { KAFKA_BROKERS: broker.bootstrapServers, DATABASE_URL: options.databaseUrl };
  const names: ServiceName[] = ['order-service', 'payment-service', 'notification-service', 'analytics-service'];
  const services = {} as Record<ServiceName, ServiceProcess>;
  // One at a time: four Nest boots at once on two cores only make each slower to report healthy.
  for (const [i, name] of names.entries()) {
    services[name] = await group.service(name, { port: options.portBase + i, env: name === 'payment-service' ? { ...env, ...options.paymentEnv } : env });
  }
  return { broker, services };
}
