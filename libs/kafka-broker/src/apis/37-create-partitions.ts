/**
 * CreatePartitions (key 37), versions 0-1.
 * Controller only (NOT_CONTROLLER elsewhere). Grows a topic to `count` partitions, placing
 * the new ones round the nodes as at creation; validate_only checks without growing. A count
 * not above the current one is INVALID_PARTITIONS, an unknown topic
 * UNKNOWN_TOPIC_OR_PARTITION, a topic named twice INVALID_REQUEST.
 * Not implemented: manual assignments for the new partitions (INVALID_REQUEST), the request
 * timeout (growth is immediate).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  topics: { name: string; count: number; assignments: number[][] | null }[];
  timeoutMs: number;
  validateOnly: boolean;
}

interface Res {
  results: { name: string; errorCode: number; errorMessage: string | null }[];
}

export const createPartitionsApi = defineApi<Req, Res>({
  key: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    const topics = r.array((r) => ({
      name: r.string(),
      count: r.int32(),
      assignments: r.nullableArray((r) => r.array((r) => r.int32())),
    }));
    return { topics, timeoutMs: r.int32(), validateOnly: r.bool() };
  },
  handle(ctx, req) {
    const { cluster } = ctx;
    if (ctx.node.nodeId !== cluster.controllerId) {
      const errorMessage = `node ${ctx.node.nodeId} is not the controller`;
      return { results: req.topics.map((t) => ({ name: t.name, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage })) };
    }
    const seen = new Map<string, number>();
    for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    return {
      results: req.topics.map((t) => {
        if (seen.get(t.name)! > 1) {
          return { name: t.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `topic ${t.name} appears more than once in the request` };
        }
        if (t.assignments !== null) {
          return { name: t.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'manual replica assignment is not supported' };
        }
        const err = cluster.topics.createPartitions(t.name, t.count, req.validateOnly);
        if (err) return { name: t.name, errorCode: err.errorCode, errorMessage: err.message };
        if (!req.validateOnly) cluster.log.info('partitions added', { topic: t.name, count: t.count, clientId: ctx.clientId });
        return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
      }),
    };
  },
  encode(w, res) {
    w.int32(0);
    w.array(res.results, (w, t) => w.string(t.name).int16(t.errorCode).nullableString(t.errorMessage));
  },
  errorResponse(req, errorCode) {
    return { results: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })) };
  },
});
