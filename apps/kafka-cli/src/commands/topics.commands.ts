import { ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { isLegalTopicName } from '@app/kafka/retry/retry-topics';
import { keyValuePairs } from '../cli/args';
import { CliError, usageError } from '../cli/cli.errors';
import type { CommandSpec } from '../cli/command';
import { formatTable } from '../cli/table';
import { requireTopic, topicOffsets } from '../kafka/topic-offsets';

interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
}

interface PartitionDescription {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  low: number;
  high: number;
  /** high - low: records plus any transaction markers still stored. */
  messages: number;
}

interface TopicDescription {
  topic: string;
  partitions: PartitionDescription[];
  messages: number;
  /** Configs set on the topic itself (broker defaults left out). */
  configs: Record<string, string>;
}

const list: CommandSpec = {
  path: ['topics', 'list'],
  summary: 'list topics with their partition count and replication factor',
  positionals: [],
  flags: [{ name: 'internal', kind: 'boolean', description: "also list the broker's internal topics (__consumer_offsets, __transaction_state)" }],
  details: 'JSON: { "topics": [{ "name", "partitions", "replicationFactor" }] }, sorted by name. Internal topics only with --internal, as kafka-topics --exclude-internal.',
  async run({ kafka, args, output }) {
    const admin = await kafka.admin();
    const internal = args.boolean('internal');
    const names = (await admin.listTopics()).filter((name) => internal || !name.startsWith('__')).sort();
    const metadata = names.length === 0 ? [] : (await admin.fetchTopicMetadata({ topics: names })).topics;
    const topics: TopicSummary[] = metadata
      .map((t) => ({ name: t.name, partitions: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name));
    output.result({ topics }, ({ topics }) =>
      topics.length === 0
        ? 'No topics.'
        : formatTable(
            [{ header: 'topic' }, { header: 'partitions', align: 'right' }, { header: 'replication', align: 'right' }],
            topics.map((t) => [t.name, String(t.partitions), String(t.replicationFactor)]),
          ),
    );
  },
};

const create: CommandSpec = {
  path: ['topics', 'create'],
  summary: 'create a topic',
  positionals: [{ name: 'name', description: 'topic name: letters, digits, ".", "_" and "-", at most 249 characters' }],
  flags: [
    { name: 'partitions', kind: 'integer', placeholder: 'N', description: 'number of partitions', required: true, min: 1 },
    { name: 'replication-factor', kind: 'integer', placeholder: 'N', description: "copies of each partition (default: the broker's)", min: 1 },
    { name: 'config', kind: 'list', placeholder: 'k=v', description: 'a topic config, e.g. retention.ms=86400000' },
  ],
  details: 'Fails (exit 1) when the topic exists. JSON: { "topic", "partitions", "replicationFactor", "configs" }.',
  examples: ['topics create order-created --partitions 6 --config retention.ms=604800000'],
  async run({ args, kafka, output }) {
    const [topic] = args.positionals;
    if (!isLegalTopicName(topic)) throw usageError(`${JSON.stringify(topic)} is not a legal topic name`, 'use letters, digits, ".", "_" and "-", at most 249 characters');
    const configs = keyValuePairs('config', args.list('config'));
    const admin = await kafka.admin();
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: args.integer('partitions'),
          replicationFactor: args.integer('replication-factor'),
          configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
        },
      ],
    });
    if (!created) throw new CliError('CLI.TOPIC_EXISTS', `topic ${topic} already exists`, 1, `see it with \`topics describe ${topic}\``);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const result = { topic, partitions: metadata.partitions.length, replicationFactor: metadata.partitions[0]?.replicas.length ?? 0, configs };
    output.result(result, (r) => {
      const settings = Object.entries(r.configs).map(([k, v]) => `${k}=${v}`);
      return `Created topic ${r.topic}: ${r.partitions} partition(s), replication factor ${r.replicationFactor}${settings.length ? `, ${settings.join(', ')}` : ''}.`;
    });
  },
};

const describe: CommandSpec = {
  path: ['topics', 'describe'],
  summary: 'partitions of a topic: leader, replicas, in-sync replicas, low/high offsets, message count',
  positionals: [{ name: 'name', description: 'the topic' }],
  flags: [],
  details: [
    'MESSAGES is high - low: the records still stored (transaction markers count too).',
    'JSON: { "topic", "messages", "partitions": [{ "partition", "leader", "replicas", "isr", "low", "high", "messages" }], "configs": { name: value } }.',
  ].join('\n'),
  async run({ args, kafka, output }) {
    const [topic] = args.positionals;
    const admin = await kafka.admin();
    await requireTopic(admin, topic);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    const offsets = new Map((await topicOffsets(admin, topic)).map((o) => [o.partition, o]));
    const partitions: PartitionDescription[] = metadata.partitions
      .map((p) => {
        const { low, high } = offsets.get(p.partitionId) ?? { low: 0, high: 0 };
        return { partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr, low, high, messages: high - low };
      })
      .sort((a, b) => a.partition - b.partition);
    const described = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
    const configs: Record<string, string> = {};
    const overrides = (described.resources[0]?.configEntries ?? []).filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG);
    for (const entry of overrides.sort((a, b) => a.configName.localeCompare(b.configName))) configs[entry.configName] = entry.configValue;
    const result: TopicDescription = { topic, messages: partitions.reduce((sum, p) => sum + p.messages, 0), partitions, configs };
    output.result(result, renderDescription);
  },
};

function renderDescription(d: TopicDescription): string {
  const settings = Object.entries(d.configs).map(([k, v]) => `${k}=${v}`);
  const heading = `Topic ${d.topic}: ${d.partitions.length} partition(s), ${d.messages} message(s)${settings.length ? `; configs ${settings.join(', ')}` : ''}`;
  const table = formatTable(
    [
      { header: 'partition', align: 'right' },
      { header: 'leader', align: 'right' },
      { header: 'replicas' },
      { header: 'isr' },
      { header: 'low', align: 'right' },
      { header: 'high', align: 'right' },
      { header: 'messages', align: 'right' },
    ],
    d.partitions.map((p) => [String(p.partition), String(p.leader), p.replicas.join(','), p.isr.join(','), String(p.low), String(p.high), String(p.messages)]),
  );
  return `${heading}\n\n${table}`;
}

export const topicsCommands: readonly CommandSpec[] = [list, create, describe];
