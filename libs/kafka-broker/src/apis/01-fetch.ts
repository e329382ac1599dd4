/**
 * Fetch (key 1), versions 4-11.
 * Serves whole stored batches from the batch holding the fetch offset, within the request's
 * and each partition's byte limits (the first batch of a response is always served whole,
 * however large, so a big batch cannot wedge a consumer). Long-polls: when fewer than
 * min_bytes are ready it waits up to max_wait_ms and answers as soon as data arrives.
 * read_committed (isolation 1) stops at the last stable offset and lists the aborted
 * transactions in the range so the client can drop their records.
 * Not implemented: incremental fetch sessions (KIP-227: every answer has session id 0, which
 * tells clients to send full requests), follower fetching (preferred read replica is -1).
 */
import { ErrorCode } from '../protocol/error-codes';
import type { PartitionLog } from '../state/partition-log';
import { RequestContext, defineApi } from './api';
import { leaderPartition } from './partition-access';

interface PartitionReq {
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
}

interface Req {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: { topic: string; partitions: PartitionReq[] }[];
}

interface PartitionRes {
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: { producerId: number; firstOffset: number }[] | null;
  batches: Buffer[];
  bytes: number;
}

interface Res {
  errorCode: number;
  topics: { topic: string; partitions: PartitionRes[] }[];
}

function emptyPartition(partition: number, errorCode: number): PartitionRes {
  return { partition, errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: null, batches: [], bytes: 0 };
}

function collect(ctx: RequestContext, req: Req, logs: (PartitionLog | null)[]): { res: Res; bytes: number; errors: boolean } {
  let total = 0;
  let errors = false;
  let i = 0;
  const readCommitted = req.isolationLevel === 1;
  const topics = req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p) => {
      const log = logs[i++];
      if (!log) {
        errors = true;
        return emptyPartition(p.partition, leaderPartition(ctx, t.topic, p.partition).errorCode || ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      }
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
        errors = true;
        return {
          ...emptyPartition(p.partition, ErrorCode.OFFSET_OUT_OF_RANGE),
          highWatermark: log.highWatermark,
          lastStableOffset: log.lastStableOffset,
          logStartOffset: log.logStartOffset,
        };
      }
      const budget = Math.min(p.partitionMaxBytes, req.maxBytes - total);
      const read = budget > 0 || total === 0 ? log.read(p.fetchOffset, Math.max(budget, 0), readCommitted, total === 0) : { batches: [], bytes: 0, abortedTransactions: [] };
      total += read.bytes;
      return {
        partition: p.partition,
        errorCode: ErrorCode.NONE,
        highWatermark: log.highWatermark,
        lastStableOffset: log.lastStableOffset,
        logStartOffset: log.logStartOffset,
        abortedTransactions: readCommitted ? read.abortedTransactions : null,
        batches: read.batches,
        bytes: read.bytes,
      };
    }),
  }));
  return { res: { errorCode: ErrorCode.NONE, topics }, bytes: total, errors };
}

export const fetchApi = defineApi<Req, Res>({
  key: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  decode(r, v) {
    r.int32(); // replica id: consumers send -1; there are no followers here
    const maxWaitMs = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    const isolationLevel = r.int8();
    const sessionId = v >= 7 ? r.int32() : 0;
    const sessionEpoch = v >= 7 ? r.int32() : -1;
    const topics = r.array((r) => ({
      topic: r.string(),
      partitions: r.array((r) => {
        const partition = r.int32();
        if (v >= 9) r.int32(); // current leader epoch
        const fetchOffset = r.int64();
        if (v >= 5) r.int64(); // follower log start offset
        return { partition, fetchOffset, partitionMaxBytes: r.int32() };
      }),
    }));
    if (v >= 7) r.array((r) => ({ topic: r.string(), partitions: r.array((r) => r.int32()) }));
    if (v >= 11) r.string(); // rack id
    return { maxWaitMs, minBytes, maxBytes, isolationLevel, sessionId, sessionEpoch, topics };
  },
  async handle(ctx, req) {
    if (req.sessionId !== 0 || req.sessionEpoch > 0) {
      return { errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND, topics: [] };
    }
    const logs: (PartitionLog | null)[] = [];
    for (const t of req.topics) for (const p of t.partitions) logs.push(leaderPartition(ctx, t.topic, p.partition).log);
    const deadline = Date.now() + Math.max(0, req.maxWaitMs);
    for (;;) {
      const out = collect(ctx, req, logs);
      const left = deadline - Date.now();
      if (out.bytes >= req.minBytes || out.errors || left <= 0) return out.res;
      await new Promise<void>((resolve) => {
        const offs: (() => void)[] = [];
        const done = (): void => {
          clearTimeout(timer);
          for (const off of offs) off();
          resolve();
        };
        const timer = setTimeout(done, left);
        // a long poll must not keep a closing broker's process alive (max_wait_ms can be days)
        timer.unref();
        for (const log of logs) if (log) offs.push(log.onChange(done));
      });
    }
  },
  encode(w, res, v) {
    w.int32(0);
    if (v >= 7) w.int16(res.errorCode).int32(0);
    w.array(res.topics, (w, t) => {
      w.string(t.topic);
      w.array(t.partitions, (w, p) => {
        w.int32(p.partition).int16(p.errorCode).int64(p.highWatermark).int64(p.lastStableOffset);
        if (v >= 5) w.int64(p.logStartOffset);
        w.array(p.abortedTransactions, (w, a) => w.int64(a.producerId).int64(a.firstOffset));
        if (v >= 11) w.int32(-1);
        w.int32(p.bytes);
        for (const b of p.batches) w.raw(b);
      });
    });
  },
  errorResponse(req, errorCode) {
    return {
      errorCode: ErrorCode.NONE,
      topics: req.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => emptyPartition(p.partition, errorCode)) })),
    };
  },
});
