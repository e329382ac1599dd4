/**
 * DeleteRecords (key 21), versions 0-1.
 * Moves each partition's log start offset up to the given offset (-1 means the high
 * watermark), dropping the whole batches below it, in memory and, with a data directory,
 * whole segment files; the answer carries the new low watermark. Partitions are served by
 * their leader only (NOT_LEADER_OR_FOLLOWER elsewhere); an offset beyond the high watermark
 * (or below -1) answers OFFSET_OUT_OF_RANGE; one at or below the current start is a no-op.
 * Not implemented: the request timeout (nothing waits for followers).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';
import { leaderPartition } from './partition-access';

interface Req {
  topics: { name: string; partitions: { index: number; offset: number }[] }[];
  timeoutMs: number;
}

interface PartitionRes {
  index: number;
  lowWatermark: number;
  errorCode: number;
}

interface Res {
  topics: { name: string; partitions: PartitionRes[] }[];
}

export const deleteRecordsApi = defineApi<Req, Res>({
  key: 21,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), offset: r.int64() })),
    }));
    return { topics, timeoutMs: r.int32() };
  },
  handle(ctx, req) {
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p): PartitionRes => {
          const { log, errorCode } = leaderPartition(ctx, t.name, p.index);
          if (!log) return { index: p.index, lowWatermark: -1, errorCode };
          const result = log.truncateBefore(p.offset);
          return { index: p.index, lowWatermark: result === ErrorCode.NONE ? log.logStartOffset : -1, errorCode: result };
        }),
      })),
    };
  },
  encode(w, res) {
    w.int32(0);
    w.array(res.topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => w.int32(p.index).int64(p.lowWatermark).int16(p.errorCode));
    });
  },
  errorResponse(req, errorCode) {
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ index: p.index, lowWatermark: -1, errorCode })),
      })),
    };
  },
});
