/**
 * AddPartitionsToTxn (key 24), versions 0-1.
 * Registers partitions with the open transaction (starting one when none is open), on the
 * transactional id's coordinator. As Kafka: when some partitions do not exist they answer
 * UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED; otherwise every
 * partition gets the coordinator's answer (NOT_COORDINATOR, INVALID_PRODUCER_ID_MAPPING,
 * INVALID_PRODUCER_EPOCH for a fenced producer, CONCURRENT_TRANSACTIONS while one ends).
 * Not implemented: v2+ (flexible encoding, batched transactions of KIP-890).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  topics: { name: string; partitions: number[] }[];
}

interface Res {
  results: { name: string; partitions: { index: number; errorCode: number }[] }[];
}

function answerAll(req: Req, codeFor: (topic: string, partition: number) => number): Res {
  return {
    results: req.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((index) => ({ index, errorCode: codeFor(t.name, index) })) })),
  };
}

export const addPartitionsToTxnApi = defineApi<Req, Res>({
  key: 24,
  name: 'AddPartitionsToTxn',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    return {
      transactionalId: r.string(),
      producerId: r.int64(),
      producerEpoch: r.int16(),
      topics: r.array((r) => ({ name: r.string(), partitions: r.array((r) => r.int32()) })),
    };
  },
  handle(ctx, req) {
    const exists = (topic: string, partition: number): boolean => ctx.cluster.topics.partition(topic, partition) !== undefined;
    if (req.topics.some((t) => t.partitions.some((p) => !exists(t.name, p)))) {
      return answerAll(req, (t, p) => (exists(t, p) ? ErrorCode.OPERATION_NOT_ATTEMPTED : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION));
    }
    const partitions = req.topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
    const errorCode = ctx.cluster.txns.addPartitions(ctx.node.nodeId, req.transactionalId, req.producerId, req.producerEpoch, partitions);
    return answerAll(req, () => errorCode);
  },
  encode(w, res) {
    w.int32(0);
    w.array(res.results, (w, t) => {
      w.string(t.name);
      w.array(t.partitions, (w, p) => w.int32(p.index).int16(p.errorCode));
    });
  },
  errorResponse(req, errorCode) {
    return answerAll(req, () => errorCode);
  },
});
