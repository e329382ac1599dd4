/**
 * CreateTopics (key 19), versions 0-7 (flexible from 5), as Apache Kafka 4.1 advertises (its oldest
 * is 2; 0-1 are kept for older clients). Only the controller accepts it (other nodes answer NOT_CONTROLLER
 * and clients move on to the controller named in Metadata). num_partitions / replication_factor of -1 take
 * the broker defaults (num.partitions option, replication factor 1): Kafka allows that from v4, but kafkajs
 * sends -1 at v3 whenever a field is left out, so it is honoured at every version. validate_only (v1+) runs
 * every check without creating. Configs are checked against the known topic configs (INVALID_CONFIG); a
 * null config value is INVALID_REQUEST, as in Kafka. A topic named twice in one request is INVALID_REQUEST
 * for both entries. From v5 the answer carries the partition count, replication factor and configs the
 * topic was (or would be) created with; v7 its topic id.
 * Manual replica assignments get Kafka's validation (INVALID_REQUEST when combined with a count or factor,
 * INVALID_REPLICA_ASSIGNMENT for partitions out of order, duplicate or unknown brokers, uneven factors);
 * a valid assignment gives the topic that many partitions and that factor, placed by the broker.
 * Not implemented: the request timeout (creation is immediate).
 */
import { ErrorCode } from '../protocol/error-codes';
import { array, bool, field, Infer, int16, int32, int8, nullableArray, nullableString, string, struct, uuid } from '../protocol/schema';
import { describeTopicConfigs } from '../state/config-descriptions';
import type { TopicError } from '../state/topics';
import type { RequestContext } from './api';
import { defineSchemaApi } from './schema-api';
import { topicIdOf } from './topic-ids';

const request = struct({
  topics: field(
    '0+',
    array(
      struct({
        name: field('0+', string),
        numPartitions: field('0+', int32),
        replicationFactor: field('0+', int16),
        assignments: field(
          '0+',
          array(
            struct({
              partitionIndex: field('0+', int32),
              brokerIds: field('0+', array(int32)),
            }),
          ),
        ),
        configs: field('0+', array(struct({ name: field('0+', string), value: field('0+', nullableString) }))),
      }),
    ),
  ),
  timeoutMs: field('0+', int32, { default: 60000 }),
  validateOnly: field('1+', bool),
});

const createdConfig = struct({
  name: field('5+', string),
  value: field('5+', nullableString),
  readOnly: field('5+', bool),
  configSource: field('5+', int8, { default: -1 }),
  isSensitive: field('5+', bool),
});

const topicResult = struct({
  name: field('0+', string),
  topicId: field('7+', uuid),
  errorCode: field('0+', int16),
  errorMessage: field('1+', nullableString),
  topicConfigErrorCode: field('5+', int16, { tag: 0 }),
  numPartitions: field('5+', int32, { default: -1 }),
  replicationFactor: field('5+', int16, { default: -1 }),
  configs: field('5+', nullableArray(createdConfig)),
});

const response = struct({
  throttleTimeMs: field('2+', int32),
  topics: field('0+', array(topicResult)),
});

type Req = Infer<typeof request>;
type TopicReq = Req['topics'][number];
type TopicRes = Infer<typeof topicResult>;

const DEFAULT_REPLICATION_FACTOR = 1;

function failed(name: string, errorCode: number, errorMessage: string | null): TopicRes {
  return { ...topicResult.empty, name, errorCode, errorMessage };
}

/** Kafka's checks of replica_assignment; returns [partitions, replication factor] or the error. */
function checkAssignments(ctx: RequestContext, t: TopicReq): TopicError | [number, number] {
  if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
    return { errorCode: ErrorCode.INVALID_REQUEST, message: 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.' };
  }
  const nodes = new Set(ctx.cluster.nodes.map((n) => n.nodeId));
  const factor = t.assignments[0].brokerIds.length;
  for (const [i, a] of [...t.assignments].sort((x, y) => x.partitionIndex - y.partitionIndex).entries()) {
    const bad = (message: string): TopicError => ({ errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, message });
    if (a.partitionIndex !== i) return bad(`Partitions should be a consecutive 0-based integer sequence, but ${a.partitionIndex} is out of place`);
    if (a.brokerIds.length === 0) return bad(`The manual partition assignment includes an empty replica list for partition ${i}`);
    if (new Set(a.brokerIds).size !== a.brokerIds.length) return bad(`The manual partition assignment includes the broker ids more than once for partition ${i}`);
    const unknown = a.brokerIds.find((b) => !nodes.has(b));
    if (unknown !== undefined) return bad(`The manual partition assignment includes broker ${unknown}, but no such broker is registered`);
    if (a.brokerIds.length !== factor)
      return bad(
        `The manual partition assignment includes a partition with ${a.brokerIds.length} replica(s), but this is not consistent with previous partitions, which have ${factor} replica(s)`,
      );
  }
  return [t.assignments.length, factor];
}

function createOne(ctx: RequestContext, t: TopicReq, validateOnly: boolean): TopicError | TopicRes {
  let partitions = t.numPartitions === -1 ? ctx.cluster.options.defaultPartitions : t.numPartitions;
  let replicationFactor = t.replicationFactor === -1 ? DEFAULT_REPLICATION_FACTOR : t.replicationFactor;
  if (t.assignments.length > 0) {
    const checked = checkAssignments(ctx, t);
    if (!Array.isArray(checked)) return checked;
    [partitions, replicationFactor] = checked;
  }
  const nullConfigs = t.configs.filter((c) => c.value === null).map((c) => c.name);
  if (nullConfigs.length > 0) {
    return { errorCode: ErrorCode.INVALID_REQUEST, message: `Null value not supported for topic configs: ${nullConfigs.join(',')}` };
  }
  const configs: Record<string, string> = {};
  for (const c of t.configs) configs[c.name] = c.value ?? '';
  const err = ctx.cluster.topics.create(t.name, partitions, replicationFactor, configs, validateOnly);
  if (err) return err;
  const topic = ctx.cluster.topics.get(t.name);
  const described = topic ? describeTopicConfigs(topic) : [];
  return {
    ...topicResult.empty,
    name: t.name,
    topicId: topic ? topicIdOf(topic.name) : topicResult.empty.topicId,
    numPartitions: partitions,
    replicationFactor,
    configs: described.map((c) => ({ name: c.name, value: c.value, readOnly: c.readOnly, configSource: c.source, isSensitive: c.sensitive })),
  };
}

export const createTopicsApi = defineSchemaApi({
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 7,
  flexibleFrom: 5,
  request,
  response,
  handle(ctx, req) {
    const { cluster } = ctx;
    if (ctx.node.nodeId !== cluster.controllerId) {
      return {
        throttleTimeMs: 0,
        topics: req.topics.map((t) => failed(t.name, ErrorCode.NOT_CONTROLLER, `node ${ctx.node.nodeId} is not the controller`)),
      };
    }
    const seen = new Map<string, number>();
    for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    const topics = req.topics.map((t): TopicRes => {
      if (seen.get(t.name)! > 1) return failed(t.name, ErrorCode.INVALID_REQUEST, `topic ${t.name} appears more than once in the request`);
      const out = createOne(ctx, t, req.validateOnly);
      if ('message' in out) return failed(t.name, out.errorCode, out.message);
      if (!req.validateOnly) cluster.log.debug('topic created', { topic: t.name, clientId: ctx.clientId });
      return out;
    });
    return { throttleTimeMs: 0, topics };
  },
  errorResponse(req, errorCode) {
    return { throttleTimeMs: 0, topics: req.topics.map((t) => failed(t.name, errorCode, null)) };
  },
});
