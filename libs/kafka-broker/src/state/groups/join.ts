import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../protocol/error-codes';
import type { ConsumerGroup } from './group';
import { GroupMember, GroupProtocol, JoinResult, joinError } from './member';
import { Rebalancer, memberTimer } from './rebalance';
import type { GroupTimers } from './group-timers';

export interface JoinRequest {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+ without an instance id: an empty member id first gets MEMBER_ID_REQUIRED. */
  requireKnownMemberId: boolean;
}

type Resolve = (r: JoinResult) => void;

/** The JoinGroup paths of Kafka's coordinator: new member, static member, known member. */
export class JoinFlow {
  constructor(
    private readonly rb: Rebalancer,
    private readonly timers: GroupTimers,
  ) {}

  join(group: ConsumerGroup, req: JoinRequest): Promise<JoinResult> {
    const result = new Promise<JoinResult>((resolve) => {
      if (req.memberId === '') this.newMember(group, req, resolve);
      else this.knownMember(group, req, resolve);
    });
    this.rb.tryCompleteJoin(group);
    return result;
  }

  private newMember(group: ConsumerGroup, req: JoinRequest, resolve: Resolve): void {
    if (group.state === 'Dead') return resolve(joinError(req.memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(req.protocolType, req.protocols)) return resolve(joinError(req.memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    const newMemberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    if (req.groupInstanceId !== null) return this.staticMember(group, req, req.groupInstanceId, newMemberId, resolve);
    if (req.requireKnownMemberId) {
      group.pendingMembers.add(newMemberId);
      this.rb.schedulePendingMember(group, newMemberId, req.sessionTimeoutMs);
      return resolve(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    this.rb.addMemberAndRebalance(group, this.newGroupMember(req, newMemberId), resolve);
  }

  private staticMember(group: ConsumerGroup, req: JoinRequest, instanceId: string, newMemberId: string, resolve: Resolve): void {
    const oldMemberId = group.staticMembers.get(instanceId);
    if (oldMemberId === undefined) return this.rb.addMemberAndRebalance(group, this.newGroupMember(req, newMemberId), resolve);
    const previousLeader = group.leaderId;
    const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
    this.timers.clear(memberTimer(group, oldMemberId));
    this.rb.scheduleSession(group, member);
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    switch (group.state) {
      case 'Stable':
        // Same protocol for the group: the member resumes its old assignment without a
        // rebalance. It is told the previous leader id, so that a restarted leader does not
        // compute an assignment a stable group would never distribute.
        if (group.protocolName === group.selectProtocol()) {
          return resolve({ ...group.joinResult(member), leaderId: previousLeader ?? '', members: [] });
        }
        member.awaitJoin(resolve);
        return this.rb.maybePrepareRebalance(group, `static member ${instanceId} changed protocols`);
      case 'CompletingRebalance':
        // The leader may already be assigning to the old member id: start over.
        member.awaitJoin(resolve);
        return this.rb.prepareRebalance(group, `static member ${instanceId} rejoined during sync`);
      default:
        member.awaitJoin(resolve);
    }
  }

  private knownMember(group: ConsumerGroup, req: JoinRequest, resolve: Resolve): void {
    const { memberId } = req;
    if (group.state === 'Dead') return resolve(joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(req.protocolType, req.protocols)) return resolve(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    if (group.pendingMembers.has(memberId)) {
      return this.rb.addMemberAndRebalance(group, this.newGroupMember(req, memberId), resolve);
    }
    if (group.isStaticMemberFenced(memberId, req.groupInstanceId)) return resolve(joinError(memberId, ErrorCode.FENCED_INSTANCE_ID));
    const member = group.get(memberId);
    const unknownInstance = req.groupInstanceId !== null && !group.staticMembers.has(req.groupInstanceId);
    if (!member || unknownInstance) return resolve(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    switch (group.state) {
      case 'PreparingRebalance':
        return this.rb.updateMemberAndRebalance(group, member, req, resolve);
      case 'CompletingRebalance':
        // A retry of a JoinGroup whose answer was lost: the same answer again.
        if (member.matches(req.protocols)) return resolve(group.joinResult(member));
        return this.rb.updateMemberAndRebalance(group, member, req, resolve);
      case 'Stable':
        // The leader rejoining forces a rebalance (its way to react to topic changes that leave
        // member metadata alone); a follower only when its metadata changed.
        if (group.isLeader(memberId) || !member.matches(req.protocols)) return this.rb.updateMemberAndRebalance(group, member, req, resolve);
        return resolve(group.joinResult(member));
      default:
        return resolve(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private newGroupMember(req: JoinRequest, memberId: string): GroupMember {
    return new GroupMember(memberId, req.groupInstanceId, req.clientId, req.clientHost, req.sessionTimeoutMs, req.rebalanceTimeoutMs, req.protocolType, req.protocols);
  }
}
