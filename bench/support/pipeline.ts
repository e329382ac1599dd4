import { join } from 'node:path';
import { startApacheKafka } from '../../scripts/apache-kafka/cluster';
import { ensureApacheKafka } from '../../scripts/apache-kafka/installation';
import type { ProcessGroup, ServiceName, ServiceProcess } from './processes';

/** Which Kafka the pipeline runs on: the embedded broker (as `npm start`), or Apache Kafka 4.1.1 from Maven. */
export type BrokerKind = 'embedded' | 'apache';
export const BROKER_LABEL: Record<BrokerKind, string> = { embedded: 'embedded broker', apache: 'Apache Kafka' };

/** The simulated gateway answering at once: the pipeline's own latency, not a sleep, is measured. */
export const INSTANT_GATEWAY = { GATEWAY_LATENCY_MS: '0', GATEWAY_LATENCY_JITTER_MS: '0' } as const;

export interface Pipeline {
  readonly bootstrapServers: string;
  readonly services: Readonly<Record<ServiceName, ServiceProcess>>;
}

/**
 * The whole system as `npm start` runs it, compiled: a broker (6 partitions per topic; the embedded one unless
 * `broker` says otherwise) and the four services on `database` (PostgreSQL, one schema per service), on ports
 * portBase..portBase+3 (Apache Kafka on portBase+90, its data under `workDir`). The broker is measured as 'broker'.
 */
export async function startPipeline(
  group: ProcessGroup,
  options: { portBase: number; databaseUrl: string; paymentEnv?: Record<string, string>; broker?: BrokerKind; workDir?: string; log?: (line: string) => void },
): Promise<Pipeline> {
  const bootstrapServers = await startBroker(group, options);
  const env = { KAFKA_BROKERS: bootstrapServers, DATABASE_URL: options.databaseUrl };
  const names: ServiceName[] = ['order-service', 'payment-service', 'notification-service', 'analytics-service'];
  const services = {} as Record<ServiceName, ServiceProcess>;
  // One at a time: four Nest boots at once on two cores only make each slower to report healthy.
  for (const [i, name] of names.entries()) {
    services[name] = await group.service(name, { port: options.portBase + i, env: name === 'payment-service' ? { ...env, ...options.paymentEnv } : env });
  }
  return { bootstrapServers, services };
}

async function startBroker(group: ProcessGroup, options: { portBase: number; broker?: BrokerKind; workDir?: string; log?: (line: string) => void }): Promise<string> {
  if (options.broker !== 'apache') return (await group.broker({ port: 0, partitions: 6 })).bootstrapServers;
  ensureApacheKafka(options.log);
  const cluster = await startApacheKafka({
    port: options.portBase + 90,
    dataDir: options.workDir === undefined ? undefined : join(options.workDir, 'apache-kafka'),
    config: { 'num.partitions': '6' },
    log: options.log,
  });
  const pid = cluster.pidOf(1);
  if (pid === undefined) throw new Error('Apache Kafka started but its JVM pid is unknown');
  group.addExternal({ name: 'broker', pid }, () => cluster.stop());
  return cluster.bootstrapServers;
}
