import type { BrokerLogger } from '../../logger';
import { ErrorCode } from '../../protocol/error-codes';
import type { ConsumerGroup } from './group';
import type { GroupTimers } from './group-timers';
import { GroupMember, GroupProtocol, JoinResult, joinError } from './member';

/** How long a new member may wait in a join phase before it is dropped (Kafka's constant). */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60_000;

const EMPTY = Buffer.alloc(0);

export interface RebalanceEnv {
  timers: GroupTimers;
  log: BrokerLogger;
  initialRebalanceDelayMs: number;
  /** A group moved to a new generation (persisted so generations stay monotonic across restarts). */
  onNewGeneration(group: ConsumerGroup): void;
}

const joinTimer = (g: ConsumerGroup) => `${g.groupId}\0join`;
const syncTimer = (g: ConsumerGroup) => `${g.groupId}\0sync`;
export const memberTimer = (g: ConsumerGroup, memberId: string) => `${g.groupId}\0member\0${memberId}`;

/**
 * The rebalance protocol of Kafka's classic group coordinator: the join phase (waits until
 * every known member rejoined, bounded by the largest rebalance timeout; an empty group first
 * waits the initial rebalance delay, extended while new members keep arriving), generation
 * changes, assignment propagation after the leader's SyncGroup, session expiry of silent
 * members, and the deadline for members to sync once the join phase is over.
 */
export class Rebalancer {
  constructor(private readonly env: RebalanceEnv) {}

  addMemberAndRebalance(group: ConsumerGroup, member: GroupMember, waiter: (r: JoinResult) => void): void {
    member.isNew = true;
    if (group.state === 'PreparingRebalance' && group.generationId === 0) group.newMemberAdded = true;
    group.add(member);
    member.awaitJoin(waiter);
    // New members cannot heartbeat yet; they are bounded by the new-member timeout instead.
    this.scheduleSession(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
    this.maybePrepareRebalance(group, `member ${member.memberId} joined`);
  }

  updateMemberAndRebalance(
    group: ConsumerGroup,
    member: GroupMember,
    req: { protocols: GroupProtocol[]; sessionTimeoutMs: number; rebalanceTimeoutMs: number },
    waiter: (r: JoinResult) => void,
  ): void {
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.awaitJoin(waiter);
    this.maybePrepareRebalance(group, `member ${member.memberId} rejoined`);
  }

  maybePrepareRebalance(group: ConsumerGroup, reason: string): void {
    if (group.canRebalance()) this.prepareRebalance(group, reason);
  }

  prepareRebalance(group: ConsumerGroup, reason: string): void {
    // Members waiting for an assignment of the generation being abandoned must rejoin.
    if (group.state === 'CompletingRebalance') this.propagateAssignment(group, ErrorCode.REBALANCE_IN_PROGRESS);
    this.env.timers.clear(syncTimer(group));
    group.pendingSync.clear();
    const wasEmpty = group.state === 'Empty';
    group.state = 'PreparingRebalance';
    this.env.log.debug('preparing rebalance', { group: group.groupId, generation: group.generationId, reason });
    if (wasEmpty) {
      const delay = this.env.initialRebalanceDelayMs;
      group.initialDelay = true;
      this.scheduleInitialJoin(group, delay, Math.max(group.rebalanceTimeoutMs() - delay, 0));
    } else {
      this.env.timers.set(joinTimer(group), group.rebalanceTimeoutMs(), () => this.completeJoin(group));
      this.tryCompleteJoin(group);
    }
  }

  private scheduleInitialJoin(group: ConsumerGroup, delay: number, remaining: number): void {
    this.env.timers.set(joinTimer(group), delay, () => {
      if (group.newMemberAdded && remaining !== 0) {
        group.newMemberAdded = false;
        const next = Math.min(this.env.initialRebalanceDelayMs, remaining);
        this.scheduleInitialJoin(group, next, Math.max(remaining - next, 0));
      } else {
        this.completeJoin(group);
      }
    });
  }

  /** Ends the join phase early once every member (and no pending one) is waiting in JoinGroup. */
  tryCompleteJoin(group: ConsumerGroup): void {
    if (group.state === 'PreparingRebalance' && !group.initialDelay && group.hasAllMembersJoined()) this.completeJoin(group);
  }

  private completeJoin(group: ConsumerGroup): void {
    this.env.timers.clear(joinTimer(group));
    group.initialDelay = false;
    if (group.state !== 'PreparingRebalance') return;
    // Dynamic members that did not rejoin in time are gone; static ones keep their place.
    for (const m of group.notYetRejoined()) if (m.groupInstanceId === null) this.dropMember(group, m);
    if (!group.electJoinedLeader() && group.members.size > 0) {
      // Only static members that have not rejoined are left: wait for them (or their session).
      this.env.timers.set(joinTimer(group), group.rebalanceTimeoutMs(), () => this.completeJoin(group));
      return;
    }
    group.initNextGeneration();
    this.env.onNewGeneration(group);
    if (group.members.size === 0) return; // now Empty
    for (const m of group.members.values()) {
      m.completeJoin(group.joinResult(m));
      this.scheduleSession(group, m);
      m.isNew = false;
    }
    for (const id of group.members.keys()) group.pendingSync.add(id);
    this.env.timers.set(syncTimer(group), group.rebalanceTimeoutMs(), () => this.expirePendingSync(group));
  }

  /** Members that never sent SyncGroup after the join phase are removed, and the group rebalances. */
  private expirePendingSync(group: ConsumerGroup): void {
    if ((group.state !== 'CompletingRebalance' && group.state !== 'Stable') || group.pendingSync.size === 0) return;
    for (const id of [...group.pendingSync]) {
      const m = group.get(id);
      if (m) this.dropMember(group, m);
    }
    this.prepareRebalance(group, 'members did not sync in time');
  }

  memberSynced(group: ConsumerGroup, memberId: string): void {
    group.pendingSync.delete(memberId);
    if (group.pendingSync.size === 0) this.env.timers.clear(syncTimer(group));
  }

  /** The leader's assignment is in: every member waiting in SyncGroup gets its part. */
  completeAssignment(group: ConsumerGroup, assignments: Map<string, Buffer>): void {
    for (const m of group.members.values()) m.assignment = assignments.get(m.memberId) ?? EMPTY;
    group.state = 'Stable';
    this.propagateAssignment(group, ErrorCode.NONE);
  }

  private propagateAssignment(group: ConsumerGroup, errorCode: number): void {
    for (const m of group.members.values()) {
      if (errorCode !== ErrorCode.NONE) m.assignment = EMPTY;
      if (m.completeSync({ errorCode, assignment: m.assignment })) this.scheduleSession(group, m);
    }
  }

  /** (Re)starts a member's session: it is removed unless it heartbeats, joins or syncs in time. */
  scheduleSession(group: ConsumerGroup, member: GroupMember, timeoutMs = member.sessionTimeoutMs): void {
    this.env.timers.set(memberTimer(group, member.memberId), timeoutMs, () => this.sessionExpired(group, member));
  }

  private sessionExpired(group: ConsumerGroup, member: GroupMember): void {
    if (group.get(member.memberId) !== member) return;
    // Members waiting on the group are bounded by the join and sync deadlines instead.
    if (!member.isNew && (member.awaitingJoin || member.awaitingSync)) return;
    this.env.log.info('member session expired', { group: group.groupId, member: member.memberId });
    this.removeMemberAndUpdateGroup(group, member, 'session timeout');
  }

  schedulePendingMember(group: ConsumerGroup, memberId: string, sessionTimeoutMs: number): void {
    this.env.timers.set(memberTimer(group, memberId), sessionTimeoutMs, () => this.removePendingMember(group, memberId));
  }

  removePendingMember(group: ConsumerGroup, memberId: string): void {
    if (!group.pendingMembers.delete(memberId)) return;
    this.env.timers.clear(memberTimer(group, memberId));
    this.tryCompleteJoin(group);
  }

  removeMemberAndUpdateGroup(group: ConsumerGroup, member: GroupMember, reason: string): void {
    this.dropMember(group, member);
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.maybePrepareRebalance(group, reason);
    else if (group.state === 'PreparingRebalance') this.tryCompleteJoin(group);
  }

  /** Removes a member, answering anything it still waits for so its connection is not stalled. */
  private dropMember(group: ConsumerGroup, member: GroupMember): void {
    member.completeJoin(joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
    member.completeSync({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    group.remove(member.memberId);
    this.env.timers.clear(memberTimer(group, member.memberId));
  }

  /** Stops every timer of a group that is being deleted. */
  forget(group: ConsumerGroup): void {
    this.env.timers.clear(joinTimer(group));
    this.env.timers.clear(syncTimer(group));
    for (const id of group.members.keys()) this.env.timers.clear(memberTimer(group, id));
    for (const id of group.pendingMembers) this.env.timers.clear(memberTimer(group, id));
  }
}
