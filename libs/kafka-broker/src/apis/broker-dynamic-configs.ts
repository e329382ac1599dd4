import type { ClusterState } from '../state/cluster';

/**
 * Broker configs Kafka 4.1 lets an operator change at run time (`kafka-configs --alter --entity-type brokers`)
 * that this broker accepts, with the check of each value. They are recorded and reported by DescribeConfigs
 * (source DYNAMIC_BROKER_CONFIG, or DYNAMIC_DEFAULT_BROKER_CONFIG for the cluster-wide default), in memory:
 * they do not change how this broker behaves and are forgotten on restart.
 */
const DYNAMIC_BROKER_CONFIGS: Readonly<Record<string, (v: string) => boolean>> = {
  'log.cleaner.threads': (v) => /^[1-9]\d*$/.test(v),
  'log.cleaner.io.max.bytes.per.second': (v) => /^\d+(\.\d+)?$/.test(v),
  'log.retention.ms': (v) => /^-?\d+$/.test(v) && Number(v) >= -1,
  'log.retention.bytes': (v) => /^-?\d+$/.test(v) && Number(v) >= -1,
  'log.segment.bytes': (v) => /^\d+$/.test(v) && Number(v) >= 14,
  'log.cleanup.policy': (v) => v.split(',').every((p) => p === 'delete' || p === 'compact'),
  'message.max.bytes': (v) => /^\d+$/.test(v),
  'compression.type': (v) => ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'].includes(v),
  'num.io.threads': (v) => /^[1-9]\d*$/.test(v),
  'num.network.threads': (v) => /^[1-9]\d*$/.test(v),
  'num.replica.fetchers': (v) => /^[1-9]\d*$/.test(v),
  'max.connections': (v) => /^\d+$/.test(v),
  'max.connections.per.ip': (v) => /^\d+$/.test(v),
  'unclean.leader.election.enable': (v) => v === 'true' || v === 'false',
  'min.insync.replicas': (v) => /^[1-9]\d*$/.test(v),
};

/** Returns why a dynamic broker config change is refused, or null. */
export function validateDynamicBrokerConfig(name: string, value: string | null): string | null {
  const check = DYNAMIC_BROKER_CONFIGS[name];
  if (!check) return `Cannot update these configs dynamically: Set(${name})`;
  if (value === null) return null;
  return check(value) ? null : `Invalid value ${value} for configuration ${name}`;
}

/** Per cluster: broker id (or '' for the cluster-wide default) -> name -> value. */
const stores = new WeakMap<ClusterState, Map<string, Map<string, string>>>();

export function dynamicBrokerConfigs(cluster: ClusterState, broker: string): Map<string, string> {
  let byBroker = stores.get(cluster);
  if (!byBroker) stores.set(cluster, (byBroker = new Map<string, Map<string, string>>()));
  let configs = byBroker.get(broker);
  if (!configs) byBroker.set(broker, (configs = new Map<string, string>()));
  return configs;
}
