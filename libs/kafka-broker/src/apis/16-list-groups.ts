/**
 * ListGroups (key 16), versions 0-2.
 * The groups coordinated by the node that received the request (a client asks every node),
 * including groups that exist only through committed offsets (with an empty protocol type),
 * as Kafka lists them. Not implemented: flexible versions (v3+), the states filter (v4+).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Res {
  errorCode: number;
  groups: { groupId: string; protocolType: string }[];
}

export const listGroupsApi = defineApi<Record<string, never>, Res>({
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  decode() {
    return {};
  },
  handle(ctx) {
    const mine = (groupId: string) => ctx.cluster.coordinatorFor(groupId).nodeId === ctx.node.nodeId;
    return { errorCode: ErrorCode.NONE, groups: ctx.cluster.groups.list(mine) };
  },
  encode(w, res, v) {
    if (v >= 1) w.int32(0);
    w.int16(res.errorCode);
    w.array(res.groups, (w, g) => w.string(g.groupId).string(g.protocolType));
  },
  errorResponse(_req, errorCode) {
    return { errorCode, groups: [] };
  },
});
