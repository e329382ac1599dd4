import { ErrorCode } from '../../protocol/error-codes';
import { GroupMember, GroupProtocol, JoinResult, joinError } from './member';

export type GroupStateName = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface GroupSummary {
  state: GroupStateName;
  protocolType: string;
  protocolName: string;
  members: { memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string; metadata: Buffer; assignment: Buffer }[];
}

const EMPTY = Buffer.alloc(0);

/**
 * The membership state of one group, as Kafka's classic group coordinator keeps it: members
 * (in join order), pending members (told MEMBER_ID_REQUIRED, expected to rejoin), static
 * members by instance id, the generation, the selected protocol and the leader. Timers and
 * the rebalance flow live in `Rebalancer`; this class only holds and derives state.
 */
export class ConsumerGroup {
  state: GroupStateName = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, GroupMember>();
  readonly pendingMembers = new Set<string>();
  /** group instance id -> member id */
  readonly staticMembers = new Map<string, string>();
  /** Members that got their JoinGroup answer but have not sent SyncGroup yet. */
  readonly pendingSync = new Set<string>();
  /** A member joined during the initial delay, which then extends (Kafka's InitialDelayedJoin). */
  newMemberAdded = false;
  /** The join phase is the initial delay of an empty group: it ends on its timer only. */
  initialDelay = false;

  constructor(readonly groupId: string) {}

  get(memberId: string): GroupMember | undefined {
    return this.members.get(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  add(member: GroupMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.leaderId ??= member.memberId;
    this.pendingMembers.delete(member.memberId);
  }

  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (!member) return;
    this.members.delete(memberId);
    if (member.groupInstanceId !== null) this.staticMembers.delete(member.groupInstanceId);
    this.pendingSync.delete(memberId);
    if (this.leaderId === memberId) this.leaderId = this.members.keys().next().value ?? null;
  }

  /** A member id other than the one registered for this instance id is a fenced zombie. */
  isStaticMemberFenced(memberId: string, groupInstanceId: string | null): boolean {
    if (groupInstanceId === null) return false;
    const current = this.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  /**
   * A known static member rejoined with an empty member id: the member keeps its place (and
   * assignment) under the new id, and whatever the old id was waiting for is fenced.
   */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): GroupMember {
    const member = this.members.get(oldMemberId);
    if (!member) throw new Error(`static member ${groupInstanceId} has no member ${oldMemberId}`);
    member.completeJoin(joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
    member.completeSync({ errorCode: ErrorCode.FENCED_INSTANCE_ID, assignment: EMPTY });
    this.members.delete(oldMemberId);
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    if (this.leaderId === oldMemberId) this.leaderId = newMemberId;
    if (this.pendingSync.delete(oldMemberId)) this.pendingSync.add(newMemberId);
    this.staticMembers.set(groupInstanceId, newMemberId);
    return member;
  }

  /** Whether a member with these protocols may join: same protocol type and one protocol all members share. */
  supportsProtocols(protocolType: string, protocols: GroupProtocol[]): boolean {
    if (this.state === 'Empty') return protocolType !== '' && protocols.length > 0;
    return this.protocolType === protocolType && protocols.some((p) => this.allSupport(p.name));
  }

  private allSupport(protocol: string): boolean {
    for (const m of this.members.values()) if (!m.supports(protocol)) return false;
    return true;
  }

  /** Every member votes for its favourite protocol among those all support; most votes wins. */
  selectProtocol(): string {
    const first = this.members.values().next().value;
    if (!first) throw new Error(`group ${this.groupId} has no members to select a protocol`);
    const candidates = new Set(first.protocols.map((p) => p.name).filter((name) => this.allSupport(name)));
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.vote(candidates);
      if (choice !== undefined) votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [name, n] of votes) if (best === undefined || n > votes.get(best)!) best = name;
    if (best === undefined) throw new Error(`group ${this.groupId} has no common protocol`);
    return best;
  }

  hasAllMembersJoined(): boolean {
    if (this.pendingMembers.size > 0) return false;
    for (const m of this.members.values()) if (!m.awaitingJoin) return false;
    return true;
  }

  notYetRejoined(): GroupMember[] {
    return [...this.members.values()].filter((m) => !m.awaitingJoin);
  }

  /** Keeps the leader if it rejoined, else picks any rejoined member; false when none did. */
  electJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.members.get(this.leaderId)?.awaitingJoin) return true;
    for (const m of this.members.values()) {
      if (m.awaitingJoin) {
        this.leaderId = m.memberId;
        return true;
      }
    }
    return false;
  }

  initNextGeneration(): void {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.state = 'CompletingRebalance';
    } else {
      this.protocolName = null;
      this.state = 'Empty';
    }
  }

  /** The join phase waits for the slowest member's rebalance timeout. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  canRebalance(): boolean {
    return this.state === 'Stable' || this.state === 'CompletingRebalance' || this.state === 'Empty';
  }

  /** The JoinGroup answer for a member of the current generation. */
  joinResult(member: GroupMember): JoinResult {
    const protocol = this.protocolName ?? '';
    return {
      errorCode: ErrorCode.NONE,
      generationId: this.generationId,
      protocolName: protocol,
      leaderId: this.leaderId ?? '',
      memberId: member.memberId,
      members: this.isLeader(member.memberId) ? [...this.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(protocol) })) : [],
    };
  }

  /** What DescribeGroups shows: metadata and assignments only once the group is Stable. */
  summary(): GroupSummary {
    const stable = this.state === 'Stable';
    const protocol = stable ? (this.protocolName ?? '') : '';
    return {
      state: this.state,
      protocolType: this.protocolType ?? '',
      protocolName: protocol,
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(protocol) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }
}
