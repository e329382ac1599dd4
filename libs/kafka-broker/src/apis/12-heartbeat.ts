/**
 * Heartbeat (key 12), versions 0-3.
 * Restarts the member's session timer. REBALANCE_IN_PROGRESS tells a member of the current
 * generation to rejoin; ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID that it was left behind or
 * removed. v3 adds group.instance.id. Not implemented: flexible versions (v4+).
 */
import { ErrorCode } from '../protocol/error-codes';
import type { MemberRef } from '../state/groups/group-coordinator';
import { defineApi } from './api';
import { groupAccessError } from './group-access';

interface Res {
  errorCode: number;
}

export const heartbeatApi = defineApi<MemberRef, Res>({
  key: 12,
  name: 'Heartbeat',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 3,
  decode(r, v) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    const groupInstanceId = v >= 3 ? r.nullableString() : null;
    return { groupId, generationId, memberId, groupInstanceId };
  },
  handle(ctx, req) {
    const errorCode = groupAccessError(ctx, req.groupId);
    if (errorCode !== ErrorCode.NONE) return { errorCode };
    return { errorCode: ctx.cluster.groups.heartbeat(req) };
  },
  encode(w, res, v) {
    if (v >= 1) w.int32(0);
    w.int16(res.errorCode);
  },
  errorResponse(_req, errorCode) {
    return { errorCode };
  },
});
