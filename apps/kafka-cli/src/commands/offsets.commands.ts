import type { Admin } from 'kafkajs';
import type { ParsedArgs } from '../cli/args';
import { CliError, usageError } from '../cli/cli.errors';
import type { CommandSpec } from '../cli/command';
import { formatTable } from '../cli/table';
import { commitGroupOffsets } from '../kafka/commit-offsets';
import { describeGroup, GroupState } from '../kafka/group-state';
import type { KafkaSession } from '../kafka/kafka-session';
import { PartitionOffsets, requireTopic, topicOffsets } from '../kafka/topic-offsets';

type ResetTarget = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'timestamp'; timestamp: string } | { kind: 'offset'; offset: number };

interface PlannedPartition {
  partition: number;
  /** Null when the group has committed nothing on it. */
  current: number | null;
  target: number;
  low: number;
  high: number;
}

interface ResetPlan {
  group: string;
  topic: string;
  target: ResetTarget;
  /** The group's state when planned; a reset (not a dry run) needs Empty or Dead. */
  state: string;
  dryRun: boolean;
  partitions: PlannedPartition[];
}

const reset: CommandSpec = {
  path: ['offsets', 'reset'],
  summary: "move a group's committed offsets on a topic, to replay (or skip) records",
  positionals: [{ name: 'group', description: 'the consumer group id' }],
  flags: [
    { name: 'topic', kind: 'string', placeholder: 'T', description: 'the topic whose offsets move', required: true },
    { name: 'to-earliest', kind: 'boolean', description: 'to the first offset still stored: replay everything' },
    { name: 'to-latest', kind: 'boolean', description: 'to the end: skip everything not yet read' },
    { name: 'to-timestamp', kind: 'string', placeholder: 'ISO|ms', description: 'to the first record at or after this time (end of the partition if none)' },
    { name: 'to-offset', kind: 'integer', placeholder: 'N', description: 'to offset N (kept within the offsets the partition holds)' },
    { name: 'partition', kind: 'integer', placeholder: 'P', description: 'only this partition (default: all)' },
    { name: 'dry-run', kind: 'boolean', description: 'show the plan, change nothing' },
  ],
  details: [
    'Kafka takes offset changes only from a group without members: stop its consumers (the service, or a',
    '`consume --group`), check `groups describe <group>` shows Empty, then reset; the consumers read from the new',
    'offsets when they start again. While members remain the reset is refused (exit 1); --dry-run still shows the plan.',
    'JSON: { "group", "topic", "target": { "kind", ... }, "state", "dryRun", "partitions": [{ "partition", "current", "target", "low", "high" }] }.',
  ].join('\n'),
  examples: ['offsets reset payment-service --topic order-created --to-earliest --dry-run', 'offsets reset payment-service --topic order-created --to-timestamp 2024-05-01T12:00:00Z'],
  async run({ args, kafka, output }) {
    const [group] = args.positionals;
    const topic = args.string('topic') as string;
    const target = resetTarget(args);
    const admin = await kafka.admin();
    await requireTopic(admin, topic);
    const state = await describeGroup(admin, group);
    const dryRun = args.boolean('dry-run');
    if (!dryRun) assertInactive(state);
    const plan: ResetPlan = { group, topic, target, state: state.state, dryRun, partitions: await planPartitions(admin, group, topic, target, args.integer('partition')) };
    if (!dryRun) await apply(kafka, admin, plan);
    output.result(plan, renderPlan);
  },
};

function resetTarget(args: ParsedArgs): ResetTarget {
  const given = ['to-earliest', 'to-latest', 'to-timestamp', 'to-offset'].filter((name) => args.has(name));
  if (given.length !== 1) throw usageError('give exactly one of --to-earliest, --to-latest, --to-timestamp, --to-offset');
  if (args.boolean('to-earliest')) return { kind: 'earliest' };
  if (args.boolean('to-latest')) return { kind: 'latest' };
  const offset = args.integer('to-offset');
  if (offset !== undefined) return { kind: 'offset', offset };
  return { kind: 'timestamp', timestamp: new Date(parseTime(args.string('to-timestamp') as string)).toISOString() };
}

function parseTime(raw: string): number {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) throw usageError(`--to-timestamp takes an ISO 8601 time or milliseconds since the epoch, got ${JSON.stringify(raw)}`);
  return ms;
}

function assertInactive(state: GroupState): void {
  if (state.members.length === 0 && (state.state === 'Empty' || state.state === 'Dead')) return;
  const who = state.members.map((m) => `${m.clientId}@${m.host}`).join(', ');
  throw new CliError(
    'CLI.GROUP_ACTIVE',
    `group ${state.group} is ${state.state} with ${state.members.length} active member(s)${who ? ` (${who})` : ''}: Kafka changes a group's offsets only while no consumer is in it`,
    1,
    `stop the group's consumers first (stop the service, or Ctrl-C the consumer), wait until \`groups describe ${state.group}\` shows Empty, then run this again; --dry-run shows the plan meanwhile`,
  );
}

async function planPartitions(admin: Admin, group: string, topic: string, target: ResetTarget, only: number | undefined): Promise<PlannedPartition[]> {
  let partitions = await topicOffsets(admin, topic);
  if (only !== undefined) {
    partitions = partitions.filter((p) => p.partition === only);
    if (partitions.length === 0) throw new CliError('CLI.UNKNOWN_PARTITION', `topic ${topic} has no partition ${only}`);
  }
  const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const current = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  const byTime =
    target.kind === 'timestamp' ? new Map((await admin.fetchTopicOffsetsByTimestamp(topic, Date.parse(target.timestamp))).map((o) => [o.partition, Number(o.offset)])) : undefined;
  return partitions.map((p) => {
    const now = current.get(p.partition);
    return { partition: p.partition, current: now === undefined || now < 0 ? null : now, target: targetOffset(target, p, byTime), low: p.low, high: p.high };
  });
}

function targetOffset(target: ResetTarget, p: PartitionOffsets, byTime: ReadonlyMap<number, number> | undefined): number {
  switch (target.kind) {
    case 'earliest':
      return p.low;
    case 'latest':
      return p.high;
    case 'offset':
      return Math.min(Math.max(target.offset, p.low), p.high);
    case 'timestamp':
      return byTime?.get(p.partition) ?? p.high;
  }
}

async function apply(kafka: KafkaSession, admin: Admin, plan: ResetPlan): Promise<void> {
  const offsets = plan.partitions.map((p) => ({ partition: p.partition, offset: p.target }));
  await commitGroupOffsets(kafka, plan.group, plan.topic, offsets, async (memberId) => {
    // A consumer may have joined since the check; then it, not this reset, decides where the group reads.
    const state = await describeGroup(admin, plan.group);
    const others = state.members.filter((m) => m.memberId !== memberId);
    if (others.length > 0) assertInactive({ ...state, members: others });
  });
}

function renderPlan(plan: ResetPlan): string {
  const to = plan.target.kind === 'offset' ? `offset ${plan.target.offset}` : plan.target.kind === 'timestamp' ? plan.target.timestamp : plan.target.kind;
  const heading = plan.dryRun
    ? `Dry run: would reset group ${plan.group} on ${plan.topic} to ${to} (group ${plan.state}; nothing changed)`
    : `Reset group ${plan.group} on ${plan.topic} to ${to}; its consumers start from these offsets`;
  const table = formatTable(
    [
      { header: 'partition', align: 'right' },
      { header: 'current', align: 'right' },
      { header: 'new', align: 'right' },
      { header: 'low', align: 'right' },
      { header: 'high', align: 'right' },
    ],
    plan.partitions.map((p) => [String(p.partition), p.current === null ? '-' : String(p.current), String(p.target), String(p.low), String(p.high)]),
  );
  return `${heading}\n\n${table}`;
}

export const offsetsCommands: readonly CommandSpec[] = [reset];
