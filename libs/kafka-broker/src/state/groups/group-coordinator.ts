import { ErrorCode } from '../../protocol/error-codes';
import type { ClusterState } from '../cluster';
import { StorageError } from '../storage/disk-io';
import type { MetadataRecord } from '../storage/metadata-log';
import { CommittedOffsets } from './committed-offsets';
import { ConsumerGroup, GroupSummary } from './group';
import { GroupTimers } from './group-timers';
import { JoinFlow, JoinRequest } from './join';
import { JoinResult, SyncResult, joinError } from './member';
import { Rebalancer } from './rebalance';

export type { JoinRequest } from './join';

export interface MemberRef {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveResult {
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}

const EMPTY = Buffer.alloc(0);

/**
 * Consumer groups and committed offsets, for every node of the cluster (each API checks that
 * the receiving node coordinates the group before calling in). Groups known only through
 * committed offsets (simple consumers, restored state, transactional commits) exist as Empty
 * groups, as they do in Kafka. Generations and protocol types are persisted so that a
 * restarted broker keeps generations increasing; members are not (they rejoin).
 */
export class GroupCoordinator {
  readonly offsets: CommittedOffsets;
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly timers: GroupTimers;
  private readonly rebalancer: Rebalancer;
  private readonly joinFlow: JoinFlow;

  constructor(private readonly cluster: ClusterState) {
    this.offsets = new CommittedOffsets((r) => cluster.persist(r));
    this.timers = new GroupTimers(cluster.log);
    this.rebalancer = new Rebalancer({
      timers: this.timers,
      log: cluster.log,
      initialRebalanceDelayMs: cluster.options.groupInitialRebalanceDelayMs,
      onNewGeneration: (g) => this.recordGeneration(g),
    });
    this.joinFlow = new JoinFlow(this.rebalancer, this.timers);
  }

  /**
   * Best effort: the record only keeps generations increasing across a restart, and members
   * are not persisted at all, so a refused write must not stall a rebalance half-way. The
   * next generation's record covers it.
   */
  private recordGeneration(g: ConsumerGroup): void {
    try {
      this.cluster.persist({ type: 'group', group: g.groupId, protocolType: g.protocolType, generation: g.generationId });
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      this.cluster.log.warn('group generation not recorded: storage error', { group: g.groupId, generation: g.generationId, error: err.message });
    }
  }

  private lookup(groupId: string): ConsumerGroup | undefined {
    let group = this.groups.get(groupId);
    if (!group && this.offsets.hasGroup(groupId)) this.groups.set(groupId, (group = new ConsumerGroup(groupId)));
    return group;
  }

  private getOrCreate(groupId: string): ConsumerGroup {
    let group = this.lookup(groupId);
    if (!group) this.groups.set(groupId, (group = new ConsumerGroup(groupId)));
    return group;
  }

  join(req: JoinRequest): Promise<JoinResult> {
    const { groupMinSessionTimeoutMs: min, groupMaxSessionTimeoutMs: max } = this.cluster.options;
    if (req.sessionTimeoutMs < min || req.sessionTimeoutMs > max) {
      return Promise.resolve(joinError(req.memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    // Only a member without an id may bring a group into existence.
    const group = req.memberId === '' ? this.getOrCreate(req.groupId) : this.lookup(req.groupId);
    if (!group) return Promise.resolve(joinError(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    return this.joinFlow.join(group, req);
  }

  /** The checks SyncGroup and Heartbeat share, in Kafka's order; NONE when the member is current. */
  private checkMember(group: ConsumerGroup | undefined, ref: MemberRef): number {
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (group.isStaticMemberFenced(ref.memberId, ref.groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    if (!group.get(ref.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (ref.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (group.state === 'Empty') return ErrorCode.UNKNOWN_MEMBER_ID;
    return ErrorCode.NONE;
  }

  sync(ref: MemberRef, assignments: { memberId: string; assignment: Buffer }[]): Promise<SyncResult> {
    const group = this.lookup(ref.groupId);
    const errorCode = this.checkMember(group, ref);
    if (!group || errorCode !== ErrorCode.NONE) return Promise.resolve({ errorCode, assignment: EMPTY });
    const member = group.get(ref.memberId)!;
    switch (group.state) {
      case 'PreparingRebalance':
        return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      case 'Stable':
        this.rebalancer.memberSynced(group, ref.memberId);
        this.rebalancer.scheduleSession(group, member);
        return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
      default: {
        const result = new Promise<SyncResult>((resolve) => member.awaitSync(resolve));
        this.rebalancer.memberSynced(group, ref.memberId);
        if (group.isLeader(ref.memberId)) {
          this.rebalancer.completeAssignment(group, new Map(assignments.map((a) => [a.memberId, a.assignment])));
        }
        return result;
      }
    }
  }

  heartbeat(ref: MemberRef): number {
    const group = this.lookup(ref.groupId);
    const errorCode = this.checkMember(group, ref);
    if (!group || errorCode !== ErrorCode.NONE) return errorCode;
    this.rebalancer.scheduleSession(group, group.get(ref.memberId)!);
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** LeaveGroup: members by id, or (administratively) by instance id with an empty member id. */
  leave(groupId: string, leaving: { memberId: string; groupInstanceId: string | null }[]): LeaveResult {
    const group = this.lookup(groupId);
    const result = (memberId: string, groupInstanceId: string | null, errorCode: number) => ({ memberId, groupInstanceId, errorCode });
    if (!group) return { errorCode: ErrorCode.NONE, members: leaving.map((l) => result(l.memberId, l.groupInstanceId, ErrorCode.UNKNOWN_MEMBER_ID)) };
    if (group.state === 'Dead') return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const members = leaving.map(({ memberId, groupInstanceId }) => {
      if (memberId === '') {
        const current = groupInstanceId === null ? undefined : group.staticMembers.get(groupInstanceId);
        const member = current === undefined ? undefined : group.get(current);
        if (!member) return result(memberId, groupInstanceId, ErrorCode.UNKNOWN_MEMBER_ID);
        this.rebalancer.removeMemberAndUpdateGroup(group, member, `static member ${groupInstanceId} removed`);
        return result(memberId, groupInstanceId, ErrorCode.NONE);
      }
      if (group.pendingMembers.has(memberId)) {
        this.rebalancer.removePendingMember(group, memberId);
        return result(memberId, groupInstanceId, ErrorCode.NONE);
      }
      if (group.isStaticMemberFenced(memberId, groupInstanceId)) return result(memberId, groupInstanceId, ErrorCode.FENCED_INSTANCE_ID);
      const member = group.get(memberId);
      if (!member) return result(memberId, groupInstanceId, ErrorCode.UNKNOWN_MEMBER_ID);
      this.rebalancer.removeMemberAndUpdateGroup(group, member, `member ${memberId} left`);
      return result(memberId, groupInstanceId, ErrorCode.NONE);
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  /**
   * May this commit be stored? A "simple" commit (generation < 0, no member id, no instance
   * id) is allowed while the group has no members, and creates the group if needed; any other
   * must come from a current member of the current generation.
   */
  validateCommit(ref: MemberRef): number {
    let group = this.lookup(ref.groupId);
    if (!group) {
      if (ref.generationId >= 0) return ErrorCode.ILLEGAL_GENERATION;
      group = this.getOrCreate(ref.groupId);
    }
    if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (ref.generationId >= 0 || ref.memberId !== '' || ref.groupInstanceId !== null) {
      if (group.isStaticMemberFenced(ref.memberId, ref.groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
      if (!group.get(ref.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (ref.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (group.state !== 'Empty') {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (group.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = group.get(ref.memberId);
    if (member) this.rebalancer.scheduleSession(group, member);
    return ErrorCode.NONE;
  }

  /** DescribeGroups: an unknown group is reported as Dead, without error. */
  describe(groupId: string): GroupSummary {
    return this.lookup(groupId)?.summary() ?? { state: 'Dead', protocolType: '', protocolName: '', members: [] };
  }

  /** Every group (offset-only ones included) for which `include` holds. */
  list(include: (groupId: string) => boolean): { groupId: string; protocolType: string; state: string }[] {
    for (const id of this.offsets.groupIds()) this.lookup(id);
    return [...this.groups.values()].filter((g) => include(g.groupId)).map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
  }

  /** DeleteGroups for one group: only an Empty group goes, with its committed offsets. */
  delete(groupId: string): number {
    const group = this.lookup(groupId);
    if (!group) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (group.state !== 'Empty') return ErrorCode.NON_EMPTY_GROUP;
    // recorded first: a refused write (full disk) leaves the group as it was
    try {
      // deleting offsets records the deletion; a group without offsets needs its own record
      if (this.offsets.hasGroup(groupId)) this.offsets.deleteGroup(groupId);
      else this.cluster.persist({ type: 'group-deleted', group: groupId });
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      return ErrorCode.NOT_COORDINATOR;
    }
    group.state = 'Dead';
    this.rebalancer.forget(group);
    this.groups.delete(groupId);
    return ErrorCode.NONE;
  }

  restore(records: MetadataRecord[]): void {
    this.offsets.restore(records);
    for (const r of records) {
      if (r.type === 'group') {
        const group = this.getOrCreate(r.group);
        group.protocolType = r.protocolType;
        group.generationId = r.generation;
      } else if (r.type === 'group-deleted') {
        this.groups.delete(r.group);
      }
    }
  }

  snapshot(): MetadataRecord[] {
    const out: MetadataRecord[] = [];
    for (const g of this.groups.values()) {
      if (g.generationId > 0) out.push({ type: 'group', group: g.groupId, protocolType: g.protocolType, generation: g.generationId });
    }
    return [...out, ...this.offsets.snapshot()];
  }

  /** Stops every session, join and sync timer so the broker exits promptly. */
  close(): void {
    this.timers.clearAll();
  }
}
