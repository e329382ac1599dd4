/**
 * JoinGroup (key 11), versions 0-5.
 * Runs Kafka's classic rebalance join phase (see state/groups/rebalance.ts): the answer waits
 * until every known member has rejoined or the rebalance timeout passes. v4+ members without
 * an id first get MEMBER_ID_REQUIRED with an id to rejoin with; v5 adds static membership
 * (group.instance.id). v0 has no rebalance timeout: the session timeout stands in, as in Kafka.
 * Not implemented: group.max.size (GROUP_MAX_SIZE_REACHED), flexible versions (v6+).
 */
import { ErrorCode } from '../protocol/error-codes';
import type { JoinRequest } from '../state/groups/group-coordinator';
import { JoinResult, joinError } from '../state/groups/member';
import { defineApi } from './api';
import { groupAccessError, memberHost } from './group-access';

type Req = Omit<JoinRequest, 'clientId' | 'clientHost' | 'requireKnownMemberId'>;

export const joinGroupApi = defineApi<Req, JoinResult>({
  key: 11,
  name: 'JoinGroup',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 5,
  decode(r, v) {
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = v >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const groupInstanceId = v >= 5 ? r.nullableString() : null;
    const protocolType = r.string();
    const protocols = r.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));
    return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols };
  },
  handle(ctx, req) {
    const errorCode = groupAccessError(ctx, req.groupId);
    if (errorCode !== ErrorCode.NONE) return joinError(req.memberId, errorCode);
    return ctx.cluster.groups.join({
      ...req,
      clientId: ctx.clientId ?? '',
      clientHost: memberHost(ctx),
      requireKnownMemberId: ctx.apiVersion >= 4 && req.groupInstanceId === null,
    });
  },
  encode(w, res, v) {
    if (v >= 2) w.int32(0);
    w.int16(res.errorCode).int32(res.generationId).string(res.protocolName).string(res.leaderId).string(res.memberId);
    w.array(res.members, (w, m) => {
      w.string(m.memberId);
      if (v >= 5) w.nullableString(m.groupInstanceId);
      w.nullableBytes(m.metadata);
    });
  },
  errorResponse(req, errorCode) {
    return joinError(req.memberId, errorCode);
  },
});
