/**
 * ListOffsets (key 2), versions 1-3.
 * Timestamp -2 answers the log start offset, -1 the high watermark (the last stable offset
 * under read_committed, v2+), any other value the first offset of the first batch whose
 * max timestamp is at or after it (-1 when there is none).
 * Not implemented: v0 (multiple offsets per partition), max timestamp lookup (-3, v7+).
 */
import { defineApi } from './api';
import { leaderPartition } from './partition-access';

const LATEST = -1;
const EARLIEST = -2;

interface Req {
  isolationLevel: number;
  topics: { name: string; partitions: { index: number; timestamp: number }[] }[];
}

interface PartitionRes {
  index: number;
  errorCode: number;
  timestamp: number;
  offset: number;
}

interface Res {
  topics: { name: string; partitions: PartitionRes[] }[];
}

export const listOffsetsApi = defineApi<Req, Res>({
  key: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 3,
  decode(r, v) {
    r.int32(); // replica id
    const isolationLevel = v >= 2 ? r.int8() : 0;
    const topics = r.array((r) => ({
      name: r.string(),
      partitions: r.array((r) => ({ index: r.int32(), timestamp: r.int64() })),
    }));
    return { isolationLevel, topics };
  },
  handle(ctx, req) {
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p): PartitionRes => {
          const { log, errorCode } = leaderPartition(ctx, t.name, p.index);
          if (!log) return { index: p.index, errorCode, timestamp: -1, offset: -1 };
          if (p.timestamp === EARLIEST) return { index: p.index, errorCode: 0, timestamp: -1, offset: log.logStartOffset };
          if (p.timestamp === LATEST) {
            const offset = req.isolationLevel === 1 ? log.lastStableOffset : log.highWatermark;
            return { index: p.index, errorCode: 0, timestamp: -1, offset };
          }
          const found = log.offsetForTimestamp(p.timestamp);
          return { index: p.index, errorCode: 0, timestamp: found.timestamp, offset: found.offset };
        }),
      })),
    };
  },
  encode(w, res, v) {
    if (v >= 2) w.int32(0);
    w.array(res.topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => w.int32(p.index).int16(p.errorCode).int64(p.timestamp).int64(p.offset));
    });
  },
  errorResponse(req, errorCode) {
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ index: p.index, errorCode, timestamp: -1, offset: -1 })),
      })),
    };
  },
});
