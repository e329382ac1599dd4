/**
 * TxnOffsetCommit (key 28), versions 0-1.
 * Sent to the group's coordinator: the offsets are held for the producer and become the
 * group's committed offsets only when its transaction commits (after AddOffsetsToTxn for the
 * group); an abort drops them. Per partition: UNKNOWN_TOPIC_OR_PARTITION,
 * OFFSET_METADATA_TOO_LARGE (over 4096 bytes, Kafka's default limit), INVALID_PRODUCER_EPOCH
 * when the producer has already sent offsets at a newer epoch. An empty group id is
 * INVALID_GROUP_ID, a group coordinated elsewhere NOT_COORDINATOR.
 * Not implemented: v2+ (leader epoch, KIP-447 generation and member checks).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

const MAX_METADATA_BYTES = 4096;

interface PartitionReq {
  index: number;
  offset: number;
  metadata: string | null;
}

interface Req {
  transactionalId: string;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  topics: { name: string; partitions: PartitionReq[] }[];
}

interface Res {
  topics: { name: string; partitions: { index: number; errorCode: number }[] }[];
}

function answerAll(req: Req, codeFor: (topic: string, p: PartitionReq) => number): Res {
  return {
    topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ index: p.index, errorCode: codeFor(t.name, p) })) })),
  };
}

export const txnOffsetCommitApi = defineApi<Req, Res>({
  key: 28,
  name: 'TxnOffsetCommit',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    return {
      transactionalId: r.string(),
      groupId: r.string(),
      producerId: r.int64(),
      producerEpoch: r.int16(),
      topics: r.array((r) => ({
        name: r.string(),
        partitions: r.array((r) => ({ index: r.int32(), offset: r.int64(), metadata: r.nullableString() })),
      })),
    };
  },
  handle(ctx, req) {
    const { cluster } = ctx;
    if (req.groupId === '') return answerAll(req, () => ErrorCode.INVALID_GROUP_ID);
    if (cluster.coordinatorFor(req.groupId).nodeId !== ctx.node.nodeId) return answerAll(req, () => ErrorCode.NOT_COORDINATOR);
    return answerAll(req, (topic, p) => {
      if (!cluster.topics.partition(topic, p.index)) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      if (p.metadata !== null && Buffer.byteLength(p.metadata) > MAX_METADATA_BYTES) return ErrorCode.OFFSET_METADATA_TOO_LARGE;
      const offset = { group: req.groupId, topic, partition: p.index, offset: p.offset, metadata: p.metadata };
      return cluster.txns.holdOffset(req.producerId, req.producerEpoch, offset) ? ErrorCode.NONE : ErrorCode.INVALID_PRODUCER_EPOCH;
    });
  },
  encode(w, res) {
    w.int32(0);
    w.array(res.topics, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => w.int32(p.index).int16(p.errorCode));
    });
  },
  errorResponse(req, errorCode) {
    return answerAll(req, () => errorCode);
  },
});
