/**
 * CreateTopics (key 19), versions 0-3.
 * Only the controller accepts it (other nodes answer NOT_CONTROLLER and clients move on to
 * the controller named in Metadata). num_partitions / replication_factor of -1 take the broker
 * defaults (num.partitions option, replication factor 1): Kafka allows that from v4, but
 * kafkajs sends -1 at v3 whenever a field is left out, so it is honoured at every version.
 * validate_only (v1+) runs every check without creating. Configs are checked against the
 * known topic configs (INVALID_CONFIG); a null config value is INVALID_REQUEST, as in Kafka.
 * A topic named twice in one request is INVALID_REQUEST for both entries.
 * Not implemented: manual replica assignments (refused with INVALID_REQUEST: placement is
 * always the broker's own), the request timeout (creation is immediate).
 */
import { ErrorCode } from '../protocol/error-codes';
import type { TopicError } from '../state/topics';
import { RequestContext, defineApi } from './api';

interface TopicReq {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: { partition: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

interface Req {
  topics: TopicReq[];
  timeoutMs: number;
  validateOnly: boolean;
}

interface TopicRes {
  name: string;
  errorCode: number;
  errorMessage: string | null;
}

interface Res {
  topics: TopicRes[];
}

const DEFAULT_REPLICATION_FACTOR = 1;

function createOne(ctx: RequestContext, t: TopicReq, validateOnly: boolean): TopicError | null {
  if (t.assignments.length > 0) {
    return { errorCode: ErrorCode.INVALID_REQUEST, message: 'manual replica assignment is not supported; give num_partitions instead' };
  }
  const nullConfigs = t.configs.filter((c) => c.value === null).map((c) => c.name);
  if (nullConfigs.length > 0) {
    return { errorCode: ErrorCode.INVALID_REQUEST, message: `null value not supported for topic configs: ${nullConfigs.join(',')}` };
  }
  const configs: Record<string, string> = {};
  for (const c of t.configs) configs[c.name] = c.value ?? '';
  const partitions = t.numPartitions === -1 ? ctx.cluster.options.defaultPartitions : t.numPartitions;
  const replicationFactor = t.replicationFactor === -1 ? DEFAULT_REPLICATION_FACTOR : t.replicationFactor;
  return ctx.cluster.topics.create(t.name, partitions, replicationFactor, configs, validateOnly);
}

export const createTopicsApi = defineApi<Req, Res>({
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 3,
  decode(r, v) {
    const topics = r.array((r) => ({
      name: r.string(),
      numPartitions: r.int32(),
      replicationFactor: r.int16(),
      assignments: r.array((r) => ({ partition: r.int32(), brokerIds: r.array((r) => r.int32()) })),
      configs: r.array((r) => ({ name: r.string(), value: r.nullableString() })),
    }));
    const timeoutMs = r.int32();
    const validateOnly = v >= 1 ? r.bool() : false;
    return { topics, timeoutMs, validateOnly };
  },
  handle(ctx, req) {
    const { cluster } = ctx;
    if (ctx.node.nodeId !== cluster.controllerId) {
      return {
        topics: req.topics.map((t) => ({
          name: t.name, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: `node ${ctx.node.nodeId} is not the controller`,
        })),
      };
    }
    const seen = new Map<string, number>();
    for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    const topics = req.topics.map((t): TopicRes => {
      if (seen.get(t.name)! > 1) {
        return { name: t.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `topic ${t.name} appears more than once in the request` };
      }
      const err = createOne(ctx, t, req.validateOnly);
      if (err) return { name: t.name, errorCode: err.errorCode, errorMessage: err.message };
      if (!req.validateOnly) cluster.log.info('topic created', { topic: t.name, clientId: ctx.clientId });
      return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { topics };
  },
  encode(w, res, v) {
    if (v >= 2) w.int32(0);
    w.array(res.topics, (w, t) => {
      w.string(t.name).int16(t.errorCode);
      if (v >= 1) w.nullableString(t.errorMessage);
    });
  },
  errorResponse(req, errorCode) {
    return { topics: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })) };
  },
});
