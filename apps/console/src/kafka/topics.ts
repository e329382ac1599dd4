import { type Admin, ConfigResourceTypes } from 'kafkajs';
import { badRequest, ConsoleError, notFound } from '../console.errors';

export interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** High minus low watermark over all partitions: exact for plain topics, an upper bound for compacted ones. */
  records: number;
  internal: boolean;
}

export interface PartitionDetail {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  low: string;
  high: string;
}

export interface TopicDetail extends TopicSummary {
  partitionDetails: PartitionDetail[];
  configs: { name: string; value: string | null; isDefault: boolean; readOnly: boolean }[];
}

const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export async function clusterView(
  admin: Admin,
): Promise<{ clusterId: string; controller: number | null; brokers: { nodeId: number; host: string; port: number }[]; configs: { name: string; value: string | null }[] }> {
  const cluster = await admin.describeCluster();
  const first = cluster.brokers[0];
  const described =
    first === undefined
      ? undefined
      : await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: String(first.nodeId) }] }).catch(() => undefined);
  const configs = (described?.resources[0]?.configEntries ?? []).map((c) => ({ name: c.configName, value: c.configValue }));
  return { clusterId: cluster.clusterId, controller: cluster.controller, brokers: cluster.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })), configs };
}

export async function listTopics(admin: Admin): Promise<TopicSummary[]> {
  const names = (await admin.listTopics()).sort();
  if (names.length === 0) return [];
  const metadata = await admin.fetchTopicMetadata({ topics: names });
  const offsets = await Promise.all(names.map((name) => admin.fetchTopicOffsets(name).catch(() => [])));
  return metadata.topics
    .map((topic) => {
      const ranges = offsets[names.indexOf(topic.name)] ?? [];
      return {
        name: topic.name,
        partitions: topic.partitions.length,
        replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
        records: ranges.reduce((sum, r) => sum + Number(BigInt(r.high) - BigInt(r.low)), 0),
        internal: topic.name.startsWith('__'),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function requireTopic(admin: Admin, topic: string): Promise<void> {
  if (!(await admin.listTopics()).includes(topic)) throw notFound(`topic ${JSON.stringify(topic)} does not exist`);
}

export async function topicDetail(admin: Admin, topic: string): Promise<TopicDetail> {
  await requireTopic(admin, topic);
  const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  const offsets = await admin.fetchTopicOffsets(topic);
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }] });
  const partitionDetails = (metadata?.partitions ?? [])
    .map((p) => {
      const range = offsets.find((o) => o.partition === p.partitionId);
      return { partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr, low: range?.low ?? '0', high: range?.high ?? '0' };
    })
    .sort((a, b) => a.partition - b.partition);
  return {
    name: topic,
    partitions: partitionDetails.length,
    replicationFactor: partitionDetails[0]?.replicas.length ?? 0,
    records: partitionDetails.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0),
    internal: topic.startsWith('__'),
    partitionDetails,
    configs: (described.resources[0]?.configEntries ?? [])
      .map((c) => ({ name: c.configName, value: c.configValue, isDefault: c.isDefault, readOnly: c.readOnly }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export async function createTopic(admin: Admin, input: { name: unknown; partitions: unknown; replicationFactor: unknown }): Promise<void> {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!LEGAL_TOPIC.test(name) || name === '.' || name === '..') throw badRequest('name: a topic name is 1 to 249 letters, digits, ".", "_" or "-"');
  const partitions = positive(input.partitions, 'partitions', 1, 10_000);
  const replicationFactor = positive(input.replicationFactor, 'replicationFactor', 1, 100);
  if ((await admin.listTopics()).includes(name)) throw new ConsoleError('CONSOLE.CONFLICT', `topic ${name} already exists`);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: name, numPartitions: partitions, replicationFactor }] });
}

/** Deletes `topic` once `confirm` repeats its name (the UI asks the operator to type it). */
export async function deleteTopic(admin: Admin, topic: string, confirm: unknown): Promise<void> {
  await requireTopic(admin, topic);
  if (confirm !== topic) throw badRequest(`confirm: type the topic's name (${topic}) to delete it`);
  await admin.deleteTopics({ topics: [topic] });
}

export async function alterTopicConfigs(admin: Admin, topic: string, configs: unknown): Promise<void> {
  await requireTopic(admin, topic);
  if (configs === null || typeof configs !== 'object' || Array.isArray(configs) || Object.keys(configs).length === 0) throw badRequest('configs: an object of config name to value');
  const entries = Object.entries(configs as Record<string, unknown>).map(([name, value]) => {
    if (!/^[a-z0-9.]+$/.test(name) || (typeof value !== 'string' && typeof value !== 'number')) throw badRequest(`configs.${name}: a config name with a string or number value`);
    return { name, value: String(value) };
  });
  // validateOnly first: a bad value is refused as a whole before anything changes.
  await admin.alterConfigs({ validateOnly: true, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: entries }] }).catch((error: unknown) => {
    throw badRequest(`configs refused by the broker: ${error instanceof Error ? error.message : String(error)}`);
  });
  await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: entries }] });
}

export async function addPartitions(admin: Admin, topic: string, count: unknown): Promise<void> {
  const detail = await topicDetail(admin, topic);
  const total = positive(count, 'count', 1, 10_000);
  if (total <= detail.partitions) throw badRequest(`count: ${topic} has ${detail.partitions} partitions; the new total must be more`);
  await admin.createPartitions({ topicPartitions: [{ topic, count: total }] });
}

function positive(value: unknown, field: string, min: number, max: number): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) throw badRequest(`${field}: an integer from ${min} to ${max}`);
  return number;
}
