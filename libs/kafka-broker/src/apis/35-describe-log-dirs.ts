/**
 * DescribeLogDirs (key 35), versions 1-4 (flexible from 2), as Kafka 4.1 (which dropped v0): one log dir per
 * node, the data directory (or "memory" without one), listing the partitions this node leads with their size in
 * bytes; the offset lag is 0 (no replication between processes) and no partition is a future replica. A null
 * topic list means every partition; unknown topics are left out, as in Kafka. Total and usable bytes (v4) are
 * unknown (-1).
 */
import { ErrorCode } from '../protocol/error-codes';
import { array, bool, field, int16, int32, int64, nullableArray, string, struct } from '../protocol/schema';
import type { Topic } from '../state/topic';
import { defineSchemaApi } from './schema-api';

const request = struct({
  topics: field('0+', nullableArray(struct({ topic: field('0+', string), partitions: field('0+', array(int32)) }))),
});

const response = struct({
  throttleTimeMs: field('0+', int32),
  errorCode: field('3+', int16),
  results: field(
    '0+',
    array(
      struct({
        errorCode: field('0+', int16),
        logDir: field('0+', string),
        topics: field(
          '0+',
          array(
            struct({
              name: field('0+', string),
              partitions: field(
                '0+',
                array(
                  struct({
                    partitionIndex: field('0+', int32),
                    partitionSize: field('0+', int64),
                    offsetLag: field('0+', int64),
                    isFutureKey: field('0+', bool),
                  }),
                ),
              ),
            }),
          ),
        ),
        totalBytes: field('4+', int64, { default: -1 }),
        usableBytes: field('4+', int64, { default: -1 }),
      }),
    ),
  ),
});

export const describeLogDirsApi = defineSchemaApi({
  key: 35,
  name: 'DescribeLogDirs',
  minVersion: 1,
  maxVersion: 4,
  flexibleFrom: 2,
  request,
  response,
  handle(ctx, req) {
    const { cluster } = ctx;
    const wanted: [Topic, number[]][] =
      req.topics === null
        ? cluster.topics.all().map((t) => [t, t.partitions.map((_, i) => i)])
        : req.topics.flatMap((w): [Topic, number[]][] => {
            const t = cluster.topics.get(w.topic);
            return t ? [[t, w.partitions.filter((p) => p >= 0 && p < t.partitions.length)]] : [];
          });
    const topics = wanted
      .map(([t, parts]) => ({
        name: t.name,
        partitions: parts.filter((p) => t.leaderOf(p) === ctx.node.nodeId).map((p) => ({ partitionIndex: p, partitionSize: t.partitions[p].size, offsetLag: 0, isFutureKey: false })),
      }))
      .filter((t) => t.partitions.length > 0);
    const logDir = cluster.options.dataDir ?? 'memory';
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, results: [{ errorCode: ErrorCode.NONE, logDir, topics, totalBytes: -1, usableBytes: -1 }] };
  },
  errorResponse(_req, errorCode) {
    return { throttleTimeMs: 0, errorCode, results: [] };
  },
});
