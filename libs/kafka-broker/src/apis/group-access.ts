import { ErrorCode } from '../protocol/error-codes';
import type { RequestContext } from './api';

/**
 * The group checks Kafka makes before touching a group, in its order: an empty group id is
 * invalid for the membership APIs (the offset and admin APIs accept it, for old clients),
 * then the group must be coordinated by the node that received the request.
 */
export function groupAccessError(ctx: RequestContext, groupId: string, allowEmptyId = false): number {
  if (groupId === '' && !allowEmptyId) return ErrorCode.INVALID_GROUP_ID;
  if (ctx.cluster.coordinatorFor(groupId).nodeId !== ctx.node.nodeId) return ErrorCode.NOT_COORDINATOR;
  return ErrorCode.NONE;
}

/** The client's address as Kafka prints it in DescribeGroups ("/127.0.0.1"). */
export function memberHost(ctx: RequestContext): string {
  return `/${ctx.clientHost.replace(/^::ffff:/, '')}`;
}
