/**
 * LeaveGroup (key 13), versions 0-3.
 * v0-2 remove one member by id; v3 removes a batch, each by member id or (administratively,
 * with an empty member id) by group.instance.id, with an error per member. Before v3 the
 * single member's error is the response's error, as Kafka folds it.
 * The group rebalances without the leavers. Not implemented: flexible versions (v4+).
 */
import { ErrorCode } from '../protocol/error-codes';
import type { LeaveResult } from '../state/groups/group-coordinator';
import { defineApi } from './api';
import { groupAccessError } from './group-access';

interface Req {
  groupId: string;
  members: { memberId: string; groupInstanceId: string | null }[];
}

export const leaveGroupApi = defineApi<Req, LeaveResult>({
  key: 13,
  name: 'LeaveGroup',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 3,
  decode(r, v) {
    const groupId = r.string();
    if (v >= 3) return { groupId, members: r.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() })) };
    return { groupId, members: [{ memberId: r.string(), groupInstanceId: null }] };
  },
  handle(ctx, req) {
    const errorCode = groupAccessError(ctx, req.groupId);
    if (errorCode !== ErrorCode.NONE) return { errorCode, members: [] };
    return ctx.cluster.groups.leave(req.groupId, req.members);
  },
  encode(w, res, v) {
    if (v >= 1) w.int32(0);
    if (v < 3) {
      const memberError = res.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
      w.int16(res.errorCode !== ErrorCode.NONE ? res.errorCode : memberError);
      return;
    }
    w.int16(res.errorCode);
    w.array(res.members, (w, m) => w.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode));
  },
  errorResponse(_req, errorCode) {
    return { errorCode, members: [] };
  },
});
