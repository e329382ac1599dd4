import type { Admin } from 'kafkajs';
import { CliError } from '../cli/cli.errors';
import type { CommandSpec } from '../cli/command';
import { formatTable } from '../cli/table';
import { describeGroup, formatAssignments, GroupState } from '../kafka/group-state';
import { topicOffsets } from '../kafka/topic-offsets';

interface GroupSummary {
  group: string;
  state: string;
  protocolType: string;
  members: number;
}

interface PartitionLag {
  topic: string;
  partition: number;
  /** Null when the group has committed nothing on the partition. */
  committed: number | null;
  /** Null when the topic no longer exists. */
  end: number | null;
  lag: number | null;
  /** The member the partition is assigned to, if any. */
  clientId: string | null;
  memberId: string | null;
}

interface GroupDetails extends GroupState {
  offsets: PartitionLag[];
  totalLag: number;
}

const list: CommandSpec = {
  path: ['groups', 'list'],
  summary: 'list consumer groups with their state and member count',
  positionals: [],
  flags: [],
  details: 'JSON: { "groups": [{ "group", "state", "protocolType", "members" }] }, sorted by group.',
  async run({ kafka, output }) {
    const admin = await kafka.admin();
    const ids = [...new Set((await admin.listGroups()).groups.map((g) => g.groupId))].sort();
    const described = ids.length === 0 ? [] : (await admin.describeGroups(ids)).groups;
    const groups: GroupSummary[] = described
      .map((d) => ({ group: d.groupId, state: d.state, protocolType: d.protocolType, members: d.members.length }))
      .sort((a, b) => a.group.localeCompare(b.group));
    output.result({ groups }, ({ groups }) =>
      groups.length === 0
        ? 'No consumer groups.'
        : formatTable(
            [{ header: 'group' }, { header: 'state' }, { header: 'members', align: 'right' }, { header: 'protocol type' }],
            groups.map((g) => [g.group, g.state, String(g.members), g.protocolType]),
          ),
    );
  },
};

const describe: CommandSpec = {
  path: ['groups', 'describe'],
  summary: 'state, members and assignments, committed offset, end offset and lag per partition, total lag',
  positionals: [{ name: 'group', description: 'the consumer group id' }],
  flags: [],
  details: [
    'Lag is end - committed; "-" (null in JSON) where the group has committed nothing.',
    'JSON: { "group", "state", "protocolType", "protocol", "members": [{ "memberId", "clientId", "host", "assignments": [{ "topic", "partitions" }] }],',
    '        "offsets": [{ "topic", "partition", "committed", "end", "lag", "clientId", "memberId" }], "totalLag" }.',
  ].join('\n'),
  async run({ args, kafka, output }) {
    const [group] = args.positionals;
    const admin = await kafka.admin();
    const state = await describeGroup(admin, group);
    const offsets = await partitionLags(admin, state);
    if (state.state === 'Dead' && state.members.length === 0 && offsets.length === 0) {
      throw new CliError('CLI.UNKNOWN_GROUP', `unknown group ${group}: no members and no committed offsets`, 1, 'see the groups with `groups list`');
    }
    const details: GroupDetails = { ...state, offsets, totalLag: offsets.reduce((sum, o) => sum + (o.lag ?? 0), 0) };
    output.result(details, renderDetails);
  },
};

/** Every partition the group has committed on or is assigned, with the end offset of its topic. */
async function partitionLags(admin: Admin, state: GroupState): Promise<PartitionLag[]> {
  const rows = new Map<string, PartitionLag>();
  const row = (topic: string, partition: number): PartitionLag => {
    const key = `${topic}\u0000${partition}`;
    let found = rows.get(key);
    if (!found) rows.set(key, (found = { topic, partition, committed: null, end: null, lag: null, clientId: null, memberId: null }));
    return found;
  };
  for (const entry of await admin.fetchOffsets({ groupId: state.group })) {
    for (const p of entry.partitions) {
      const committed = Number(p.offset);
      if (committed >= 0) row(entry.topic, p.partition).committed = committed;
    }
  }
  for (const member of state.members) {
    for (const assignment of member.assignments) {
      for (const partition of assignment.partitions) Object.assign(row(assignment.topic, partition), { clientId: member.clientId, memberId: member.memberId });
    }
  }
  const existing = new Set(await admin.listTopics());
  for (const topic of new Set([...rows.values()].map((r) => r.topic))) {
    if (!existing.has(topic)) continue;
    for (const { partition, high } of await topicOffsets(admin, topic)) {
      const found = rows.get(`${topic}\u0000${partition}`);
      if (!found) continue;
      found.end = high;
      if (found.committed !== null) found.lag = Math.max(0, high - found.committed);
    }
  }
  return [...rows.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

function renderDetails(d: GroupDetails): string {
  const lines = [`Group ${d.group}: ${d.state}, ${d.members.length} member(s)${d.protocol ? `, assignor ${d.protocol}` : ''}, total lag ${d.totalLag}`];
  if (d.members.length > 0) {
    lines.push(
      '',
      formatTable(
        [{ header: 'client id' }, { header: 'host' }, { header: 'member id' }, { header: 'partitions' }],
        d.members.map((m) => [m.clientId, m.host, m.memberId, formatAssignments(m.assignments)]),
      ),
    );
  }
  if (d.offsets.length > 0) {
    const dash = (value: number | null): string => (value === null ? '-' : String(value));
    lines.push(
      '',
      formatTable(
        [
          { header: 'topic' },
          { header: 'partition', align: 'right' },
          { header: 'committed', align: 'right' },
          { header: 'end', align: 'right' },
          { header: 'lag', align: 'right' },
          { header: 'client id' },
        ],
        d.offsets.map((o) => [o.topic, String(o.partition), dash(o.committed), dash(o.end), dash(o.lag), o.clientId ?? '-']),
      ),
    );
  }
  return lines.join('\n');
}

export const groupsCommands: readonly CommandSpec[] = [list, describe];
