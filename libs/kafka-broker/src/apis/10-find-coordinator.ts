/**
 * FindCoordinator (key 10), versions 0-2.
 * Groups (key type 0) and transactional ids (key type 1) are placed on a node by hash of the
 * key; every node gives the same answer. Not implemented: batched keys (v4+).
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  key: string;
  keyType: number;
}

interface Res {
  errorCode: number;
  errorMessage: string | null;
  nodeId: number;
  host: string;
  port: number;
}

export const findCoordinatorApi = defineApi<Req, Res>({
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  decode(r, v) {
    const key = r.string();
    const keyType = v >= 1 ? r.int8() : 0;
    return { key, keyType };
  },
  handle(ctx, req) {
    if (req.keyType !== 0 && req.keyType !== 1) {
      return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unknown key type ${req.keyType}`, nodeId: -1, host: '', port: -1 };
    }
    const node = ctx.cluster.coordinatorFor(req.key);
    return { errorCode: ErrorCode.NONE, errorMessage: null, nodeId: node.nodeId, host: node.host, port: node.port };
  },
  encode(w, res, v) {
    if (v >= 1) w.int32(0);
    w.int16(res.errorCode);
    if (v >= 1) w.nullableString(res.errorMessage);
    w.int32(res.nodeId).string(res.host).int32(res.port);
  },
  errorResponse(_req, errorCode) {
    return { errorCode, errorMessage: null, nodeId: -1, host: '', port: -1 };
  },
});
