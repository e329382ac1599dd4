import type { ApiDefinition } from '../apis/api';
import type { DiskFaultRule } from '../disk-faults';
import { FaultInjector } from '../faults';
import type { BrokerLogger } from '../logger';
import type { ResolvedOptions } from '../options';
import { GroupCoordinator } from './groups/group-coordinator';
import { MetadataLog, MetadataRecord } from './storage/metadata-log';
import { TopicRegistry } from './topics';
import { TransactionCoordinator } from './transactions/transaction-coordinator';

export interface BrokerNode {
  readonly nodeId: number;
  host: string;
  port: number;
}

/** Compact the metadata log when it holds this many more lines than the live state. */
const COMPACT_AFTER_APPENDS = 50_000;

function hashKey(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h >>> 0;
}

/**
 * Everything the nodes of one cluster share: topics, groups, transactions, fault rules and
 * the API registry. Nodes differ only in which partitions they lead and which groups and
 * transactional ids they coordinate; requests sent to the wrong node are refused with the
 * error a real cluster gives (NOT_LEADER_OR_FOLLOWER, NOT_COORDINATOR).
 */
export class ClusterState {
  readonly nodes: BrokerNode[];
  readonly controllerId: number;
  readonly topics: TopicRegistry;
  readonly groups: GroupCoordinator;
  readonly txns: TransactionCoordinator;
  readonly faults = new FaultInjector();
  readonly log: BrokerLogger;
  private readonly metadata: MetadataLog | null;
  private readonly apis = new Map<number, ApiDefinition>();
  private maintenance: NodeJS.Timeout | null = null;
  private fsyncTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly options: ResolvedOptions,
    apis: readonly ApiDefinition[],
    diskFaults: readonly DiskFaultRule[] = [],
  ) {
    this.log = options.logger;
    // before any file is opened, so that start-up meets them too
    for (const rule of diskFaults) this.faults.disk.add(rule);
    const fileIo = this.faults.disk.io('file');
    this.nodes = Array.from({ length: options.nodes }, (_, nodeId) => ({ nodeId, host: options.advertisedHost, port: 0 }));
    this.controllerId = this.nodes[0].nodeId;
    for (const api of apis) this.apis.set(api.key, api);
    let records: MetadataRecord[] = [];
    if (options.dataDir) {
      const opened = MetadataLog.open(options.dataDir, options.fsync === 'always', { metadata: this.faults.disk.io('metadata'), file: fileIo });
      this.metadata = opened.log;
      records = opened.records;
    } else {
      this.metadata = null;
    }
    this.topics = new TopicRegistry({
      nodeIds: this.nodes.map((n) => n.nodeId),
      dataDir: options.dataDir,
      fsync: options.fsync,
      metadata: this.metadata,
      io: { segment: this.faults.disk.io('segment'), file: fileIo },
    });
    this.groups = new GroupCoordinator(this);
    this.txns = new TransactionCoordinator(this);
    this.topics.restore(records);
    this.groups.restore(records);
    this.txns.restore(records);
    if (this.metadata && records.length > 0) this.compactMetadata();
  }

  get clusterId(): string {
    return this.options.clusterId;
  }

  api(key: number): ApiDefinition | undefined {
    return this.apis.get(key);
  }

  /** The ApiVersions answer, built from the registered APIs. */
  supportedApis(): { key: number; min: number; max: number }[] {
    return [...this.apis.values()].sort((a, b) => a.key - b.key).map((a) => ({ key: a.key, min: a.minVersion, max: a.maxVersion }));
  }

  node(nodeId: number): BrokerNode | undefined {
    return this.nodes.find((n) => n.nodeId === nodeId);
  }

  /** The node coordinating a group id or transactional id, by hash as Kafka places them. */
  coordinatorFor(key: string): BrokerNode {
    return this.nodes[hashKey(key) % this.nodes.length];
  }

  now(): number {
    return Date.now();
  }

  /**
   * Appends to the metadata log (no-op in memory mode). Throws StorageError when the disk
   * refuses it: callers record before they change state, so the change is refused with it.
   */
  persist(record: MetadataRecord): void {
    this.metadata?.append(record);
  }

  /** A failed compaction changes nothing (the old file stays in use): logged, tried again later. */
  private compactMetadata(): void {
    try {
      this.metadata?.rewrite([...this.topics.snapshot(), ...this.txns.snapshot(), ...this.groups.snapshot()]);
    } catch (err) {
      this.log.warn('metadata.log compaction failed; will retry', { error: (err as Error).message });
    }
  }

  startTimers(): void {
    this.maintenance = setInterval(() => this.guarded('maintenance', () => this.maintain()), this.options.maintenanceIntervalMs);
    this.maintenance.unref();
    if (this.options.dataDir && this.options.fsync === 'interval') {
      this.fsyncTimer = setInterval(() => this.guarded('fsync', () => this.flush()), this.options.fsyncIntervalMs);
      this.fsyncTimer.unref();
    }
  }

  /** A timer's work must never take the process down: whatever it throws is logged, and the next tick tries again. */
  private guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error(`${what} failed; will retry on the next tick`, { error: (err as Error).stack ?? String(err) });
    }
  }

  /** Retention and metadata compaction (also callable from tests); disk failures are logged, not thrown. */
  maintain(): void {
    for (const f of this.topics.maintain(this.now())) {
      this.log.warn('retention failed; will retry', { topic: f.topic, partition: f.partition, errorCode: f.errorCode });
    }
    if (this.metadata && this.metadata.appendsSinceCompaction > COMPACT_AFTER_APPENDS) this.compactMetadata();
  }

  /** fsync of everything written; failures are logged (data stays dirty and the next flush tries again). */
  flush(): void {
    for (const f of this.topics.flush()) this.log.error('fsync failed; will retry', { ...f });
    try {
      this.metadata?.sync();
    } catch (err) {
      this.log.error('fsync of metadata.log failed; will retry', { error: (err as Error).message });
    }
  }

  close(): void {
    if (this.maintenance) clearInterval(this.maintenance);
    if (this.fsyncTimer) clearInterval(this.fsyncTimer);
    this.groups.close();
    this.txns.close();
    for (const f of this.topics.close()) this.log.error('closing partition failed', { ...f });
    this.metadata?.close();
  }
}
