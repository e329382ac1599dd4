/**
 * ApiVersions (key 18), versions 0-3.
 * v3 is flexible in its request header and body, but its response header is always v0 (no
 * tagged fields) so that a client can parse it before it knows what the broker supports.
 * A request for a version above 3 is answered in the v0 shape with UNSUPPORTED_VERSION and
 * the supported ranges, as Kafka does, so the client can retry with a version we know.
 * The ranges come from the API registry: one source of truth.
 */
import { ErrorCode } from '../protocol/error-codes';
import { defineApi } from './api';

interface Req {
  clientSoftwareName: string | null;
  clientSoftwareVersion: string | null;
}

interface Res {
  errorCode: number;
  apis: { key: number; min: number; max: number }[];
  throttleTimeMs: number;
}

export const apiVersionsApi = defineApi<Req, Res>({
  key: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  flexibleFrom: 3,
  decode(r, v) {
    if (v >= 3) {
      const clientSoftwareName = r.compactString();
      const clientSoftwareVersion = r.compactString();
      r.skipTaggedFields();
      return { clientSoftwareName, clientSoftwareVersion };
    }
    return { clientSoftwareName: null, clientSoftwareVersion: null };
  },
  handle(ctx) {
    return { errorCode: ErrorCode.NONE, apis: ctx.cluster.supportedApis(), throttleTimeMs: 0 };
  },
  encode(w, res, v) {
    w.int16(res.errorCode);
    if (v >= 3) {
      w.compactArray(res.apis, (w, a) => w.int16(a.key).int16(a.min).int16(a.max).emptyTaggedFields());
      w.int32(res.throttleTimeMs);
      w.emptyTaggedFields();
      return;
    }
    w.array(res.apis, (w, a) => w.int16(a.key).int16(a.min).int16(a.max));
    if (v >= 1) w.int32(res.throttleTimeMs);
  },
  errorResponse(_req, errorCode) {
    return { errorCode, apis: [], throttleTimeMs: 0 };
  },
});
