/**
 * SyncGroup (key 14), versions 0-3.
 * Followers wait until the leader's SyncGroup brings the generation's assignment; then every
 * waiting member gets its own part and the group is Stable. Members of an abandoned
 * generation get REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID as in Kafka.
 * v3 adds group.instance.id (a replaced static member is FENCED_INSTANCE_ID).
 * Not implemented: flexible versions and the protocol type/name checks of v5+.
 */
import { ErrorCode } from '../protocol/error-codes';
import type { MemberRef } from '../state/groups/group-coordinator';
import type { SyncResult } from '../state/groups/member';
import { defineApi } from './api';
import { groupAccessError } from './group-access';

interface Req extends MemberRef {
  assignments: { memberId: string; assignment: Buffer }[];
}

const EMPTY = Buffer.alloc(0);

export const syncGroupApi = defineApi<Req, SyncResult>({
  key: 14,
  name: 'SyncGroup',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 3,
  decode(r, v) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    const groupInstanceId = v >= 3 ? r.nullableString() : null;
    const assignments = r.array((r) => ({ memberId: r.string(), assignment: Buffer.from(r.bytes()) }));
    return { groupId, generationId, memberId, groupInstanceId, assignments };
  },
  handle(ctx, req) {
    const errorCode = groupAccessError(ctx, req.groupId);
    if (errorCode !== ErrorCode.NONE) return { errorCode, assignment: EMPTY };
    return ctx.cluster.groups.sync(req, req.assignments);
  },
  encode(w, res, v) {
    if (v >= 1) w.int32(0);
    w.int16(res.errorCode).nullableBytes(res.assignment);
  },
  errorResponse(_req, errorCode) {
    return { errorCode, assignment: EMPTY };
  },
});
