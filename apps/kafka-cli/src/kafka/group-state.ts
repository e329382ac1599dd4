import { Admin, AssignerProtocol, GroupDescription } from 'kafkajs';
import { CliError } from '../cli/cli.errors';

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** Partitions assigned to the member, by topic; empty while the group rebalances. */
  assignments: { topic: string; partitions: number[] }[];
}

export interface GroupState {
  group: string;
  /** Empty, PreparingRebalance, CompletingRebalance, Stable or Dead (Kafka's names). */
  state: string;
  protocolType: string;
  /** The assignor the members agreed on (range, roundrobin...); empty unless Stable. */
  protocol: string;
  members: GroupMember[];
}

export async function describeGroup(admin: Admin, group: string): Promise<GroupState> {
  const { groups } = await admin.describeGroups([group]);
  const found = groups.find((g) => g.groupId === group);
  if (found === undefined) throw new CliError('CLI.UNKNOWN_GROUP', `the broker did not describe group ${group}`);
  return groupState(found);
}

export function groupState(description: GroupDescription): GroupState {
  return {
    group: description.groupId,
    state: description.state,
    protocolType: description.protocolType,
    protocol: description.protocol,
    members: description.members
      .map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost.replace(/^\//, ''), assignments: decodeAssignment(description.protocolType, m.memberAssignment) }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId)),
  };
}

/** Only the `consumer` protocol's assignments have a known layout; other protocols' bytes are opaque. */
function decodeAssignment(protocolType: string, bytes: Buffer | null | undefined): GroupMember['assignments'] {
  if (protocolType !== 'consumer' || !bytes || bytes.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(bytes);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } catch {
    return [];
  }
}

/** `order-created[0,1,2] payments[0]` */
export function formatAssignments(assignments: GroupMember['assignments']): string {
  return assignments.map((a) => `${a.topic}[${a.partitions.join(',')}]`).join(' ');
}
