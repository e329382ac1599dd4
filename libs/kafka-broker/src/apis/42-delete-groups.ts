/**
 * DeleteGroups (key 42), versions 0-1.
 * Deletes Empty groups with their committed offsets. A group with members answers
 * NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND, one coordinated elsewhere
 * NOT_COORDINATOR. Not implemented: flexible versions (v2+).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';
import { groupAccessError } from './group-access';

interface Req {
  groups: string[];
}

interface Res {
  results: { groupId: string; errorCode: number }[];
}

export const deleteGroupsApi = defineApi<Req, Res>({
  key: 42,
  name: 'DeleteGroups',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    return { groups: r.array((r) => r.string()) };
  },
  handle(ctx, req) {
    return {
      results: req.groups.map((groupId) => {
        const errorCode = groupAccessError(ctx, groupId, true);
        return { groupId, errorCode: errorCode !== ErrorCode.NONE ? errorCode : ctx.cluster.groups.delete(groupId) };
      }),
    };
  },
  encode(w, res) {
    w.int32(0);
    w.array(res.results, (w, r) => w.string(r.groupId).int16(r.errorCode));
  },
  errorResponse(req, errorCode) {
    return { results: req.groups.map((groupId) => ({ groupId, errorCode })) };
  },
});
