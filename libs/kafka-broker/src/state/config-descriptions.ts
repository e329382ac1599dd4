import type { ResolvedOptions } from '../options';
import type { BrokerNode } from './cluster';
import type { Topic } from './topic';
import { TOPIC_CONFIG_DEFAULTS } from './topic-configs';

/** Kafka's DescribeConfigs config_source values (the ones this broker can report). */
export const ConfigSource = {
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  sensitive: boolean;
  /** Where the value could come from, most specific first (DescribeConfigs v1+ include_synonyms). */
  synonyms: ConfigSynonym[];
}

/** The broker-level config each topic config falls back to, as Kafka names it. */
const BROKER_SYNONYM: Readonly<Record<string, string>> = {
  'cleanup.policy': 'log.cleanup.policy',
  'compression.type': 'compression.type',
  'max.message.bytes': 'message.max.bytes',
  'message.timestamp.type': 'log.message.timestamp.type',
  'min.insync.replicas': 'min.insync.replicas',
  'retention.bytes': 'log.retention.bytes',
  'retention.ms': 'log.retention.ms',
  'segment.bytes': 'log.segment.bytes',
};

/** Every known topic config with its effective value: set on the topic, or the default. */
export function describeTopicConfigs(topic: Topic): DescribedConfig[] {
  return Object.keys(TOPIC_CONFIG_DEFAULTS).map((name) => {
    const override = topic.configs.get(name);
    const fallback: ConfigSynonym = { name: BROKER_SYNONYM[name] ?? name, value: TOPIC_CONFIG_DEFAULTS[name], source: ConfigSource.DEFAULT_CONFIG };
    const synonyms = override === undefined ? [fallback] : [{ name, value: override, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }, fallback];
    return {
      name,
      value: override ?? TOPIC_CONFIG_DEFAULTS[name],
      readOnly: false,
      source: synonyms[0].source,
      sensitive: false,
      synonyms,
    };
  });
}

/**
 * A read-only picture of one node's configuration, enough for admin tools (kafka-ui and the
 * like) to show: broker options under their Kafka names, and the broker-level defaults behind
 * the topic configs. Each reports DEFAULT_CONFIG when it equals Kafka's own default and
 * STATIC_BROKER_CONFIG otherwise (it was set when the broker started).
 */
export function describeBrokerConfigs(options: ResolvedOptions, node: BrokerNode): DescribedConfig[] {
  // [name, value, Kafka's default]
  const rows: [string, string | null, string | null][] = [
    ['broker.id', String(node.nodeId), null],
    ['listeners', `PLAINTEXT://${options.host}:${node.port}`, null],
    ['advertised.listeners', `PLAINTEXT://${node.host}:${node.port}`, null],
    ['num.partitions', String(options.defaultPartitions), '1'],
    ['default.replication.factor', '1', '1'],
    ['auto.create.topics.enable', String(options.autoCreateTopics), 'true'],
    ['delete.topic.enable', 'true', 'true'],
    ['log.retention.hours', '168', '168'],
    ['log.retention.check.interval.ms', String(options.maintenanceIntervalMs), '300000'],
    ['group.initial.rebalance.delay.ms', String(options.groupInitialRebalanceDelayMs), '3000'],
    ['group.min.session.timeout.ms', String(options.groupMinSessionTimeoutMs), '6000'],
    ['group.max.session.timeout.ms', String(options.groupMaxSessionTimeoutMs), '1800000'],
    ['transaction.max.timeout.ms', String(options.maxTransactionTimeoutMs), '900000'],
    ['socket.request.max.bytes', String(options.maxFrameBytes), '104857600'],
  ];
  if (options.dataDir) rows.push(['log.dirs', options.dataDir, null]);
  for (const [topicName, brokerName] of Object.entries(BROKER_SYNONYM)) {
    rows.push([brokerName, TOPIC_CONFIG_DEFAULTS[topicName], TOPIC_CONFIG_DEFAULTS[topicName]]);
  }
  return rows.map(([name, value, kafkaDefault]) => {
    const source = value === kafkaDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG;
    return { name, value, readOnly: true, source, sensitive: false, synonyms: [{ name, value, source }] };
  });
}
