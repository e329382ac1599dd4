/**
 * OffsetFetch (key 9), versions 1-4 (v0 read offsets from ZooKeeper and is not offered).
 * Committed offsets of the requested partitions; a partition without one answers offset -1
 * and empty metadata. v2+ accept a null topic list (every offset the group has) and carry a
 * top-level error, which replaces the per-partition errors of v1.
 * Not implemented: leader epochs (v5+), flexible versions (v6+), require_stable (v7+).
 */
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { defineApi } from './api';
import { groupAccessError } from './group-access';

interface Req {
  groupId: string;
  topics: { name: string; partitions: number[] }[] | null;
}

interface PartitionRes {
  index: number;
  offset: number;
  metadata: string | null;
  errorCode: number;
}

interface Res {
  errorCode: number;
  topics: { name: string; partitions: PartitionRes[] }[];
}

export const offsetFetchApi = defineApi<Req, Res>({
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 4,
  decode(r, v) {
    const groupId = r.string();
    const topic = (r: Reader) => ({ name: r.string(), partitions: r.array((r) => r.int32()) });
    return { groupId, topics: v >= 2 ? r.nullableArray(topic) : r.array(topic) };
  },
  handle(ctx, req) {
    const errorCode = groupAccessError(ctx, req.groupId, true);
    if (errorCode !== ErrorCode.NONE) return errorResponse(req, errorCode);
    const { offsets } = ctx.cluster.groups;
    if (req.topics === null) {
      const byTopic = new Map<string, PartitionRes[]>();
      for (const o of offsets.list(req.groupId)) {
        let partitions = byTopic.get(o.topic);
        if (!partitions) byTopic.set(o.topic, (partitions = []));
        partitions.push({ index: o.partition, offset: o.offset, metadata: o.metadata ?? '', errorCode: ErrorCode.NONE });
      }
      return { errorCode: ErrorCode.NONE, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) };
    }
    return {
      errorCode: ErrorCode.NONE,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((index) => {
          const committed = offsets.get(req.groupId, t.name, index);
          return { index, offset: committed?.offset ?? -1, metadata: committed?.metadata ?? '', errorCode: ErrorCode.NONE };
        }),
      })),
    };
  },
  encode(w, res, v) {
    if (v >= 3) w.int32(0);
    // v1 has no top-level error: each requested partition carries it instead. v2+ send the
    // top-level error alone.
    const failed = res.errorCode !== ErrorCode.NONE;
    const partitionError = (p: PartitionRes) => (failed ? res.errorCode : p.errorCode);
    w.array(v >= 2 && failed ? [] : res.topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => w.int32(p.index).int64(p.offset).nullableString(p.metadata).int16(partitionError(p)));
    });
    if (v >= 2) w.int16(res.errorCode);
  },
  errorResponse,
});

/** Every requested partition with the error (v2+ encode only the top-level error). */
function errorResponse(req: Req, errorCode: number): Res {
  const topics = (req.topics ?? []).map((t) => ({
    name: t.name,
    partitions: t.partitions.map((index) => ({ index, offset: -1, metadata: '', errorCode })),
  }));
  return { errorCode, topics };
}
