/**
 * AddOffsetsToTxn (key 25), versions 0-1.
 * Makes a consumer group's offsets part of the open transaction (starting one when none is
 * open): offsets later sent with TxnOffsetCommit become visible only if it commits. Answered
 * by the transactional id's coordinator, with AddPartitionsToTxn's errors.
 * Not implemented: v2+ (flexible encoding).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  groupId: string;
}

interface Res {
  errorCode: number;
}

export const addOffsetsToTxnApi = defineApi<Req, Res>({
  key: 25,
  name: 'AddOffsetsToTxn',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    return { transactionalId: r.string(), producerId: r.int64(), producerEpoch: r.int16(), groupId: r.string() };
  },
  handle(ctx, req) {
    return { errorCode: ctx.cluster.txns.addOffsets(ctx.node.nodeId, req.transactionalId, req.producerId, req.producerEpoch, req.groupId) };
  },
  encode(w, res) {
    w.int32(0).int16(res.errorCode);
  },
  errorResponse(_req, errorCode) {
    return { errorCode };
  },
});
