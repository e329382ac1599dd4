import { ErrorCode } from '../protocol/error-codes';
import type { PartitionLog } from '../state/partition-log';
import type { RequestContext } from './api';

/**
 * Finds a partition this node leads, or the error a real cluster answers: unknown topic or
 * partition, or NOT_LEADER_OR_FOLLOWER when another node leads it (the client refreshes
 * metadata and follows the leader).
 */
export function leaderPartition(ctx: RequestContext, topic: string, partition: number): { log: PartitionLog; errorCode: 0 } | { log: null; errorCode: number } {
  const t = ctx.cluster.topics.get(topic);
  const log = t?.partitions[partition];
  if (!t || !log) return { log: null, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  if (t.leaderOf(partition) !== ctx.node.nodeId) return { log: null, errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
  return { log, errorCode: ErrorCode.NONE };
}
