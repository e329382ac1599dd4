/**
 * InitProducerId (key 22), versions 0-1.
 * Without a transactional id (idempotent producer) any node hands out a fresh producer id at
 * epoch 0. With one, only its coordinator answers: the same producer id at the next epoch
 * (a new id once the epoch is used up), after aborting the previous producer's open
 * transaction, which fences that producer. The timeout must be 1..maxTransactionTimeoutMs.
 * Not implemented: v2+ (flexible encoding, KIP-360 epoch bumps requested by the producer).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  transactionalId: string | null;
  transactionTimeoutMs: number;
}

interface Res {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

export const initProducerIdApi = defineApi<Req, Res>({
  key: 22,
  name: 'InitProducerId',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    return { transactionalId: r.nullableString(), transactionTimeoutMs: r.int32() };
  },
  handle(ctx, req) {
    return ctx.cluster.txns.initProducerId(ctx.node.nodeId, req.transactionalId, req.transactionTimeoutMs);
  },
  encode(w, res) {
    w.int32(0).int16(res.errorCode).int64(res.producerId).int16(res.producerEpoch);
  },
  errorResponse(_req, errorCode) {
    return { errorCode, producerId: -1, producerEpoch: -1 };
  },
});
