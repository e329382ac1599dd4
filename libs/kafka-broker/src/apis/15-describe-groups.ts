/**
 * DescribeGroups (key 15), versions 0-2.
 * State (Empty, PreparingRebalance, CompletingRebalance, Stable, Dead), protocol type and,
 * once Stable, the protocol and each member's metadata and assignment (other states list
 * members without them, as Kafka does). An unknown group is "Dead" without error; a group
 * this node does not coordinate answers NOT_COORDINATOR.
 * Not implemented: group.instance.id (v4+), authorized operations (v3+), flexible versions.
 */
import { ErrorCode } from '../protocol/error-codes';
import type { GroupSummary } from '../state/groups/group';
import { defineApi } from './api';
import { groupAccessError } from './group-access';

interface Req {
  groups: string[];
}

interface GroupRes extends Omit<GroupSummary, 'state'> {
  errorCode: number;
  groupId: string;
  state: string;
}

interface Res {
  groups: GroupRes[];
}

const failed = (groupId: string, errorCode: number): GroupRes => ({ errorCode, groupId, state: '', protocolType: '', protocolName: '', members: [] });

export const describeGroupsApi = defineApi<Req, Res>({
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 2,
  decode(r) {
    return { groups: r.array((r) => r.string()) };
  },
  handle(ctx, req) {
    return {
      groups: req.groups.map((groupId) => {
        const errorCode = groupAccessError(ctx, groupId, true);
        if (errorCode !== ErrorCode.NONE) return failed(groupId, errorCode);
        return { errorCode, groupId, ...ctx.cluster.groups.describe(groupId) };
      }),
    };
  },
  encode(w, res, v) {
    if (v >= 1) w.int32(0);
    w.array(res.groups, (w, g) => {
      w.int16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocolName);
      w.array(g.members, (w, m) => {
        w.string(m.memberId).string(m.clientId).string(m.clientHost).nullableBytes(m.metadata).nullableBytes(m.assignment);
      });
    });
  },
  errorResponse(req, errorCode) {
    return { groups: req.groups.map((g) => failed(g, errorCode)) };
  },
});
