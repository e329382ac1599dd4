/**
 * EndTxn (key 26), versions 0-1.
 * Commits or aborts the open transaction: COMMIT or ABORT control batches are written to every
 * partition in it before the answer (which moves their last stable offset and, on abort,
 * lists the transaction as aborted for read_committed fetches), and on commit the offsets
 * sent with TxnOffsetCommit become the groups' committed offsets. Repeating the end just done
 * succeeds; the opposite end, or ending with nothing open, is INVALID_TXN_STATE. A producer
 * fenced by a newer epoch gets INVALID_PRODUCER_EPOCH.
 * Not implemented: v2+ (flexible encoding, PRODUCER_FENCED).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  committed: boolean;
}

interface Res {
  errorCode: number;
}

export const endTxnApi = defineApi<Req, Res>({
  key: 26,
  name: 'EndTxn',
  storageErrorCode: ErrorCode.NOT_COORDINATOR,
  minVersion: 0,
  maxVersion: 1,
  decode(r) {
    return { transactionalId: r.string(), producerId: r.int64(), producerEpoch: r.int16(), committed: r.bool() };
  },
  handle(ctx, req) {
    return { errorCode: ctx.cluster.txns.endTxn(ctx.node.nodeId, req.transactionalId, req.producerId, req.producerEpoch, req.committed) };
  },
  encode(w, res) {
    w.int32(0).int16(res.errorCode);
  },
  errorResponse(_req, errorCode) {
    return { errorCode };
  },
});
