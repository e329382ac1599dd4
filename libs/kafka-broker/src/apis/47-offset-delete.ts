/**
 * OffsetDelete (key 47), version 0 (Kafka 4.1: 0, never flexible): `kafka-consumer-groups --delete-offsets`.
 * Deletes a group's committed offsets for the partitions named. An unknown group answers GROUP_ID_NOT_FOUND; a
 * group with members answers GROUP_SUBSCRIBED_TO_TOPIC for the partitions of topics its members subscribe to
 * (read from their consumer-protocol subscriptions) and deletes the others; an unknown topic or partition is
 * UNKNOWN_TOPIC_OR_PARTITION; a partition without an offset succeeds, as in Kafka.
 */
import { ErrorCode } from '../protocol/error-codes';
import { Reader } from '../protocol/reader';
import { array, field, int16, int32, string, struct } from '../protocol/schema';
import type { RequestContext } from './api';
import { groupAccessError } from './group-access';
import { defineSchemaApi } from './schema-api';

const request = struct({
  groupId: field('0+', string),
  topics: field('0+', array(struct({ name: field('0+', string), partitions: field('0+', array(struct({ partitionIndex: field('0+', int32) }))) }))),
});

const partitionResult = struct({ partitionIndex: field('0+', int32), errorCode: field('0+', int16) });
const response = struct({
  errorCode: field('0+', int16),
  throttleTimeMs: field('0+', int32),
  topics: field('0+', array(struct({ name: field('0+', string), partitions: field('0+', array(partitionResult)) }))),
});

/** Topics named by the members' consumer-protocol subscriptions (version, topics[], ...). */
function subscribedTopics(ctx: RequestContext, groupId: string): Set<string> {
  const out = new Set<string>();
  const summary = ctx.cluster.groups.describe(groupId);
  if (summary.protocolType !== 'consumer') return out;
  for (const m of summary.members) {
    try {
      const r = new Reader(m.metadata);
      r.int16();
      for (const t of r.array((r) => r.string())) out.add(t);
    } catch {
      // an unreadable subscription subscribes to nothing we can name
    }
  }
  return out;
}

export const offsetDeleteApi = defineSchemaApi({
  key: 47,
  name: 'OffsetDelete',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 0,
  request,
  response,
  handle(ctx, req) {
    const fail = (errorCode: number) => ({ errorCode, throttleTimeMs: 0, topics: [] });
    const access = groupAccessError(ctx, req.groupId, true);
    if (access !== ErrorCode.NONE) return fail(access);
    const { groups } = ctx.cluster;
    const state = groups.describe(req.groupId).state;
    if (state === 'Dead' && !groups.offsets.hasGroup(req.groupId)) return fail(ErrorCode.GROUP_ID_NOT_FOUND);
    const subscribed = state === 'Empty' || state === 'Dead' ? new Set<string>() : subscribedTopics(ctx, req.groupId);
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map(({ partitionIndex }) => {
        let errorCode: number = ErrorCode.NONE;
        if (!ctx.cluster.topics.partition(t.name, partitionIndex)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (subscribed.has(t.name)) errorCode = ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC;
        else groups.offsets.deleteOffset(req.groupId, t.name, partitionIndex);
        return { partitionIndex, errorCode };
      }),
    }));
    return { errorCode: ErrorCode.NONE, throttleTimeMs: 0, topics };
  },
  errorResponse(_req, errorCode) {
    return { errorCode, throttleTimeMs: 0, topics: [] };
  },
});
