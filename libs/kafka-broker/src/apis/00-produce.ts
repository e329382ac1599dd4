/**
 * Produce (key 0), versions 3-7.
 * Each partition's records are split into v2 batches, validated (magic, lengths, CRC32C) and
 * appended as opaque bytes with offsets assigned; idempotent producers get sequence checks
 * (a retried batch is answered with its first offset, a gap with OUT_OF_ORDER_SEQUENCE_NUMBER).
 * acks=0 gets no response at all; acks 1 and -1 are equivalent here, since every partition
 * has a single copy of its data, written through to the OS (and fsynced per policy) before
 * the answer. A batch above the topic's max.message.bytes answers MESSAGE_TOO_LARGE.
 * Not implemented: LogAppendTime (timestamps are kept as the producer set them),
 * per-record errors (v8+), messages older than magic 2.
 */
import { ErrorCode } from '../protocol/error-codes';
import { InvalidBatchError, splitAndValidateBatches } from '../protocol/record-batch';
import { defineApi } from './api';
import { leaderPartition } from './partition-access';

interface Req {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topics: { name: string; partitions: { index: number; records: Buffer | null }[] }[];
}

interface PartitionRes {
  index: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
}

interface Res {
  topics: { name: string; partitions: PartitionRes[] }[];
}

export const produceApi = defineApi<Req, Res>({
  key: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 7,
  decode(r) {
    return {
      transactionalId: r.nullableString(),
      acks: r.int16(),
      timeoutMs: r.int32(),
      topics: r.array((r) => ({
        name: r.string(),
        partitions: r.array((r) => ({ index: r.int32(), records: r.nullableBytes() })),
      })),
    };
  },
  handle(ctx, req) {
    const fail = (index: number, errorCode: number): PartitionRes => ({ index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 });
    const badAcks = req.acks !== 0 && req.acks !== 1 && req.acks !== -1;
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p): PartitionRes => {
        if (badAcks) return fail(p.index, ErrorCode.INVALID_REQUIRED_ACKS);
        const { log, errorCode } = leaderPartition(ctx, t.name, p.index);
        if (!log) return fail(p.index, errorCode);
        if (!p.records || p.records.length === 0) return fail(p.index, ErrorCode.CORRUPT_MESSAGE);
        let batches;
        try {
          batches = splitAndValidateBatches(p.records);
        } catch (err) {
          if (err instanceof InvalidBatchError) return fail(p.index, err.errorCode);
          throw err;
        }
        const maxBytes = Number(ctx.cluster.topics.get(t.name)!.config('max.message.bytes'));
        if (batches.some((b) => b.data.length > maxBytes)) return fail(p.index, ErrorCode.MESSAGE_TOO_LARGE);
        let baseOffset = -1;
        for (const b of batches) {
          const res = log.append(b.header, b.data);
          if (res.errorCode !== 0) {
            ctx.cluster.log.debug('produce refused', { topic: t.name, partition: p.index, reason: 'message' in res ? res.message : '' });
            return fail(p.index, res.errorCode);
          }
          if (baseOffset < 0 && 'baseOffset' in res) baseOffset = res.baseOffset;
        }
        return { index: p.index, errorCode: ErrorCode.NONE, baseOffset, logAppendTimeMs: -1, logStartOffset: log.logStartOffset };
      }),
    }));
    return req.acks === 0 ? null : { topics };
  },
  encode(w, res, v) {
    w.array(res.topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => {
        w.int32(p.index).int16(p.errorCode).int64(p.baseOffset).int64(p.logAppendTimeMs);
        if (v >= 5) w.int64(p.logStartOffset);
      });
    });
    w.int32(0);
  },
  errorResponse(req, errorCode) {
    return {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ index: p.index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 })),
      })),
    };
  },
});
