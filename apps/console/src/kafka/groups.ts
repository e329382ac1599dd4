import type { Admin } from 'kafkajs';
import { badRequest, ConsoleError, notFound } from '../console.errors';

export interface GroupSummary {
  groupId: string;
  state: string;
  members: number;
  /** Sum of the lag of every partition with a committed offset. */
  lag: number;
}

export interface GroupPartition {
  topic: string;
  partition: number;
  /** Null when the group never committed on this partition. */
  committed: string | null;
  end: string;
  lag: number;
  /** The member the partition is assigned to, when the group is stable. */
  member: string | null;
}

export interface GroupDetail extends GroupSummary {
  protocol: string;
  memberList: { memberId: string; clientId: string; host: string; assignment: { topic: string; partitions: number[] }[] }[];
  partitions: GroupPartition[];
}

export async function listGroups(admin: Admin): Promise<GroupSummary[]> {
  const ids = (await admin.listGroups()).groups
    .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
    .map((g) => g.groupId)
    .sort();
  if (ids.length === 0) return [];
  const described = (await admin.describeGroups(ids)).groups;
  return Promise.all(
    described.map(async (group) => {
      const partitions = await groupOffsets(admin, group.groupId);
      return { groupId: group.groupId, state: group.state, members: group.members.length, lag: partitions.reduce((sum, p) => sum + p.lag, 0) };
    }),
  );
}

export async function groupDetail(admin: Admin, groupId: string): Promise<GroupDetail> {
  const group = await requireGroup(admin, groupId);
  const memberList = group.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment: decodeAssignment(m.memberAssignment) }));
  const owner = new Map<string, string>();
  for (const member of memberList) for (const a of member.assignment) for (const p of a.partitions) owner.set(`${a.topic}:${p}`, member.clientId);
  const partitions = (await groupOffsets(admin, groupId)).map((p) => ({ ...p, member: owner.get(`${p.topic}:${p.partition}`) ?? null }));
  return { groupId, state: group.state, members: memberList.length, protocol: group.protocol, memberList, partitions, lag: partitions.reduce((sum, p) => sum + p.lag, 0) };
}

async function requireGroup(admin: Admin, groupId: string) {
  const listed = (await admin.listGroups()).groups.some((g) => g.groupId === groupId);
  const [group] = (await admin.describeGroups([groupId])).groups;
  if (!listed || group === undefined || group.state === 'Dead') throw notFound(`consumer group ${JSON.stringify(groupId)} does not exist`);
  return group;
}

async function groupOffsets(admin: Admin, groupId: string): Promise<Omit<GroupPartition, 'member'>[]> {
  const topics = await admin.fetchOffsets({ groupId });
  const existing = new Set(await admin.listTopics());
  const rows: Omit<GroupPartition, 'member'>[] = [];
  for (const topic of topics) {
    if (!existing.has(topic.topic)) continue;
    const ends = new Map((await admin.fetchTopicOffsets(topic.topic)).map((o) => [o.partition, o.high]));
    for (const p of topic.partitions) {
      const end = ends.get(p.partition) ?? '0';
      const committed = p.offset === '-1' ? null : p.offset;
      rows.push({ topic: topic.topic, partition: p.partition, committed, end, lag: committed === null ? 0 : Math.max(0, Number(BigInt(end) - BigInt(committed))) });
    }
  }
  return rows.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** The consumer protocol's assignment bytes: version, [topic, [partition]], user data. */
function decodeAssignment(bytes: Buffer): { topic: string; partitions: number[] }[] {
  if (bytes.length < 6) return [];
  const result: { topic: string; partitions: number[] }[] = [];
  let at = 2;
  const topics = bytes.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics && at < bytes.length; t++) {
    const length = bytes.readInt16BE(at);
    const topic = bytes.toString('utf8', at + 2, at + 2 + length);
    at += 2 + length;
    const count = bytes.readInt32BE(at);
    at += 4;
    const partitions: number[] = [];
    for (let p = 0; p < count; p++, at += 4) partitions.push(bytes.readInt32BE(at));
    result.push({ topic, partitions });
  }
  return result;
}

export interface ResetRequest {
  topic: string;
  to: 'earliest' | 'latest' | 'timestamp' | 'offset';
  value?: string;
  dryRun: boolean;
}

export interface ResetPlan {
  dryRun: boolean;
  topic: string;
  partitions: { partition: number; from: string | null; to: string }[];
}

export function parseReset(body: unknown): ResetRequest {
  const input = (body ?? {}) as Record<string, unknown>;
  const to = input.to;
  if (typeof input.topic !== 'string' || input.topic === '') throw badRequest('topic: the topic whose offsets to reset');
  if (to !== 'earliest' && to !== 'latest' && to !== 'timestamp' && to !== 'offset') throw badRequest('to: earliest, latest, timestamp or offset');
  const value = input.value === undefined ? undefined : String(input.value);
  if (to === 'offset' && !/^\d+$/.test(value ?? '')) throw badRequest('value: the offset to reset to');
  if (to === 'timestamp' && !Number.isFinite(/^\d+$/.test(value ?? '') ? Number(value) : Date.parse(value ?? ''))) throw badRequest('value: a time (ms since the epoch or ISO)');
  return { topic: input.topic, to, value, dryRun: input.dryRun !== false };
}

/** Plans (dry run) or applies a reset of `groupId` on one topic; refused while the group has members. */
export async function resetOffsets(admin: Admin, groupId: string, request: ResetRequest): Promise<ResetPlan> {
  const group = await requireGroup(admin, groupId);
  if (!(await admin.listTopics()).includes(request.topic)) throw notFound(`topic ${JSON.stringify(request.topic)} does not exist`);
  if (group.members.length > 0 || (group.state !== 'Empty' && group.state !== 'Dead')) {
    throw new ConsoleError('CONSOLE.CONFLICT', `group ${groupId} is ${group.state} with ${group.members.length} member(s): stop its consumers before resetting offsets`);
  }
  const ranges = await admin.fetchTopicOffsets(request.topic);
  const current = new Map((await admin.fetchOffsets({ groupId, topics: [request.topic] }))[0]?.partitions.map((p) => [p.partition, p.offset]) ?? []);
  let targets: Map<number, string>;
  if (request.to === 'earliest') targets = new Map(ranges.map((r) => [r.partition, r.low]));
  else if (request.to === 'latest') targets = new Map(ranges.map((r) => [r.partition, r.high]));
  else if (request.to === 'offset') {
    const wanted = BigInt(request.value ?? '0');
    targets = new Map(ranges.map((r) => [r.partition, (wanted < BigInt(r.low) ? BigInt(r.low) : wanted > BigInt(r.high) ? BigInt(r.high) : wanted).toString()]));
  } else {
    const time = /^\d+$/.test(request.value ?? '') ? Number(request.value) : Date.parse(request.value ?? '');
    const found = await admin.fetchTopicOffsetsByTimestamp(request.topic, time);
    targets = new Map(found.map((f) => [f.partition, f.offset === '-1' ? (ranges.find((r) => r.partition === f.partition)?.high ?? '0') : f.offset]));
  }
  const partitions = [...targets]
    .map(([partition, to]) => ({ partition, from: current.get(partition) === '-1' ? null : (current.get(partition) ?? null), to }))
    .sort((a, b) => a.partition - b.partition);
  if (!request.dryRun) await admin.setOffsets({ groupId, topic: request.topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: p.to })) });
  return { dryRun: request.dryRun, topic: request.topic, partitions };
}

export async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
  const group = await requireGroup(admin, groupId);
  if (group.members.length > 0) throw new ConsoleError('CONSOLE.CONFLICT', `group ${groupId} has ${group.members.length} member(s): stop its consumers before deleting it`);
  await admin.deleteGroups([groupId]);
}
