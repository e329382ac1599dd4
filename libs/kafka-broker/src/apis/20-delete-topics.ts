/**
 * DeleteTopics (key 20), versions 0-1.
 * Controller only (NOT_CONTROLLER elsewhere). Deletion is immediate: the partitions' data
 * (and files) go, waiting fetches wake up and then see UNKNOWN_TOPIC_OR_PARTITION, and every
 * group's committed offsets for the topic are forgotten, so a topic re-created under the same
 * name starts clean. An unknown topic answers UNKNOWN_TOPIC_OR_PARTITION; a name given twice
 * is answered the same way both times.
 * Not implemented: the request timeout (nothing is left pending).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  topicNames: string[];
  timeoutMs: number;
}

interface Res {
  responses: { name: string; errorCode: number }[];
}

export const deleteTopicsApi = defineApi<Req, Res>({
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    return { topicNames: r.array((r) => r.string()), timeoutMs: r.int32() };
  },
  handle(ctx, req) {
    const { cluster } = ctx;
    if (ctx.node.nodeId !== cluster.controllerId) {
      return { responses: req.topicNames.map((name) => ({ name, errorCode: ErrorCode.NOT_CONTROLLER })) };
    }
    const results = new Map<string, number>();
    for (const name of req.topicNames) {
      if (results.has(name)) continue;
      const err = cluster.topics.delete(name);
      if (!err) {
        cluster.groups.offsets.deleteTopic(name);
        cluster.log.info('topic deleted', { topic: name, clientId: ctx.clientId });
      }
      results.set(name, err ? err.errorCode : ErrorCode.NONE);
    }
    return { responses: req.topicNames.map((name) => ({ name, errorCode: results.get(name)! })) };
  },
  encode(w, res, v) {
    if (v >= 1) w.int32(0);
    w.array(res.responses, (w, t) => w.string(t.name).int16(t.errorCode));
  },
  errorResponse(req, errorCode) {
    return { responses: req.topicNames.map((name) => ({ name, errorCode })) };
  },
});
