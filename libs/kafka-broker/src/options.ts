import type { DiskFaultRule } from './disk-faults';
import type { FaultRule } from './faults';
import type { BrokerLogger } from './logger';
import { silentLogger } from './logger';
import type { FsyncPolicy } from './state/storage/file-partition-store';

export interface BrokerOptions {
  /** Interface to listen on. Default 127.0.0.1: nothing outside the machine can connect. */
  host?: string;
  /** Port of node 0; node i listens on port + i. 0 (the default) picks free ports. */
  port?: number;
  /** Host name given to clients in Metadata; defaults to `host` (or localhost when host is a wildcard). */
  advertisedHost?: string;
  /** Number of broker nodes in the cluster (each its own listener). Default 1. */
  nodes?: number;
  /** Directory for partition logs and metadata; in memory when absent. */
  dataDir?: string | null;
  /** Partitions of auto-created topics. Default 3. */
  defaultPartitions?: number;
  /** Create unknown topics when Metadata asks for them (and the client allows it). Default true. */
  autoCreateTopics?: boolean;
  /** Largest request frame accepted; bigger ones close the connection. Default 100 MiB, as Kafka. */
  maxFrameBytes?: number;
  /** When a data directory is set: fsync after every write, every `fsyncIntervalMs`, or never. */
  fsync?: FsyncPolicy;
  fsyncIntervalMs?: number;
  /** How often retention runs and the metadata log is compacted. Default 30 s. */
  maintenanceIntervalMs?: number;
  /** Delay before the first rebalance of an empty group (Kafka's group.initial.rebalance.delay.ms). Default 0. */
  groupInitialRebalanceDelayMs?: number;
  groupMinSessionTimeoutMs?: number;
  groupMaxSessionTimeoutMs?: number;
  /** Largest transaction timeout a producer may ask for. Default 15 minutes. */
  maxTransactionTimeoutMs?: number;
  clusterId?: string;
  logger?: BrokerLogger;
  /** Fault rules active from the start (more can be added through `faults`). */
  faults?: FaultRule[];
  /** Disk fault rules active from the start (tests: a full or failing data directory). */
  diskFaults?: DiskFaultRule[];
}

export type ResolvedOptions = Required<Omit<BrokerOptions, 'faults' | 'diskFaults' | 'dataDir'>> & { dataDir: string | null };

/** Validates once, at construction, and fills defaults (the caller's object is not changed). */
export function resolveOptions(opts: BrokerOptions = {}): ResolvedOptions {
  const host = opts.host ?? '127.0.0.1';
  const wildcard = host === '0.0.0.0' || host === '::';
  const r: ResolvedOptions = {
    host,
    port: opts.port ?? 0,
    advertisedHost: opts.advertisedHost ?? (wildcard ? 'localhost' : host),
    nodes: opts.nodes ?? 1,
    dataDir: opts.dataDir ?? null,
    defaultPartitions: opts.defaultPartitions ?? 3,
    autoCreateTopics: opts.autoCreateTopics ?? true,
    maxFrameBytes: opts.maxFrameBytes ?? 100 * 1024 * 1024,
    fsync: opts.fsync ?? 'interval',
    fsyncIntervalMs: opts.fsyncIntervalMs ?? 1000,
    maintenanceIntervalMs: opts.maintenanceIntervalMs ?? 30_000,
    groupInitialRebalanceDelayMs: opts.groupInitialRebalanceDelayMs ?? 0,
    groupMinSessionTimeoutMs: opts.groupMinSessionTimeoutMs ?? 1000,
    groupMaxSessionTimeoutMs: opts.groupMaxSessionTimeoutMs ?? 1_800_000,
    maxTransactionTimeoutMs: opts.maxTransactionTimeoutMs ?? 900_000,
    clusterId: opts.clusterId ?? 'embedded-kafka-cluster',
    logger: opts.logger ?? silentLogger,
  };
  const intIn = (name: keyof ResolvedOptions, min: number, max: number): void => {
    const v = r[name] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`broker option ${name} must be an integer in ${min}..${max}, got ${v}`);
  };
  intIn('port', 0, 65535);
  intIn('nodes', 1, 64);
  intIn('defaultPartitions', 1, 10_000);
  intIn('maxFrameBytes', 1024, 2 ** 31 - 1);
  intIn('fsyncIntervalMs', 1, 3_600_000);
  intIn('maintenanceIntervalMs', 10, 3_600_000);
  intIn('groupInitialRebalanceDelayMs', 0, 300_000);
  if (r.port !== 0 && r.port + r.nodes - 1 > 65535) throw new RangeError('broker ports run past 65535');
  if (!['always', 'interval', 'never'].includes(r.fsync)) throw new RangeError(`broker option fsync must be always, interval or never, got ${r.fsync}`);
  return r;
}
