/**
 * Metadata (key 3), versions 0-6.
 * Lists every node and the requested topics (all of them for a null list, or an empty list
 * before v1), with partition leaders and replicas. Unknown topics are created when the broker
 * allows auto-creation and the request does (v4+; earlier versions always allow it), with the
 * default partition count; invalid names are answered with INVALID_TOPIC_EXCEPTION.
 * Not implemented: leader epochs (v7+), topic authorized operations (v8+).
 */
import { ErrorCode } from '../protocol/error-codes';
import type { Topic } from '../state/topic';
import { validateTopicName } from '../state/topics';
import { defineApi } from './api';

interface Req {
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

interface PartitionMeta {
  errorCode: number;
  index: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

interface TopicMeta {
  errorCode: number;
  name: string;
  isInternal: boolean;
  partitions: PartitionMeta[];
}

interface Res {
  brokers: { nodeId: number; host: string; port: number }[];
  clusterId: string;
  controllerId: number;
  topics: TopicMeta[];
}

function describe(topic: Topic): TopicMeta {
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    isInternal: false,
    partitions: topic.partitions.map((_, index) => ({
      errorCode: ErrorCode.NONE,
      index,
      leader: topic.leaderOf(index),
      replicas: topic.replicas[index],
      isr: topic.replicas[index],
    })),
  };
}

export const metadataApi = defineApi<Req, Res>({
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 6,
  decode(r, v) {
    const topics = v >= 1 ? r.nullableArray((r) => r.string()) : r.array((r) => r.string());
    const allowAutoTopicCreation = v >= 4 ? r.bool() : true;
    // v0 used an empty list to mean "all topics"
    return { topics: v === 0 && topics?.length === 0 ? null : topics, allowAutoTopicCreation };
  },
  handle(ctx, req) {
    const { cluster } = ctx;
    const topics: TopicMeta[] = [];
    if (req.topics === null) {
      for (const t of cluster.topics.all()) topics.push(describe(t));
    } else {
      for (const name of req.topics) {
        let topic = cluster.topics.get(name);
        if (!topic && req.allowAutoTopicCreation && cluster.options.autoCreateTopics && !validateTopicName(name)) {
          cluster.topics.create(name, cluster.options.defaultPartitions, 1, {});
          topic = cluster.topics.get(name);
        }
        if (topic) topics.push(describe(topic));
        else {
          const errorCode = validateTopicName(name) ? ErrorCode.INVALID_TOPIC_EXCEPTION : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          topics.push({ errorCode, name, isInternal: false, partitions: [] });
        }
      }
    }
    return {
      brokers: cluster.nodes.map((n) => ({ nodeId: n.nodeId, host: n.host, port: n.port })),
      clusterId: cluster.clusterId,
      controllerId: cluster.controllerId,
      topics,
    };
  },
  encode(w, res, v) {
    if (v >= 3) w.int32(0);
    w.array(res.brokers, (w, b) => {
      w.int32(b.nodeId).string(b.host).int32(b.port);
      if (v >= 1) w.nullableString(null);
    });
    if (v >= 2) w.nullableString(res.clusterId);
    if (v >= 1) w.int32(res.controllerId);
    w.array(res.topics, (w, t) => {
      w.int16(t.errorCode).string(t.name);
      if (v >= 1) w.bool(t.isInternal);
      w.array(t.partitions, (w, p) => {
        w.int16(p.errorCode).int32(p.index).int32(p.leader);
        w.array(p.replicas, (w, n) => w.int32(n));
        w.array(p.isr, (w, n) => w.int32(n));
        if (v >= 5) w.array([] as number[], (w, n) => w.int32(n));
      });
    });
  },
  errorResponse(req, errorCode) {
    return {
      brokers: [],
      clusterId: '',
      controllerId: -1,
      topics: (req.topics ?? []).map((name) => ({ errorCode, name, isInternal: false, partitions: [] })),
    };
  },
});
