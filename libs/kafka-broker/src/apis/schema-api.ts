import type { Codec } from '../protocol/schema';
import { ApiDefinition, RequestContext, defineApi } from './api';

/** An API whose request and response are described as schema structs (src/protocol/schema.ts). */
export interface SchemaApi<Req, Res> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First flexible version, as the message definition's flexibleVersions says. */
  readonly flexibleFrom?: number;
  readonly request: Codec<Req>;
  readonly response: Codec<Res>;
  handle(ctx: RequestContext, req: Req): Res | null | Promise<Res | null>;
  errorResponse(req: Req, errorCode: number): Res;
  readonly storageErrorCode?: number;
}

/** Derives the decoder and encoder of every version from the schemas. */
export function defineSchemaApi<Req, Res>(def: SchemaApi<Req, Res>): ApiDefinition<Req, Res> {
  const flexible = (v: number) => def.flexibleFrom !== undefined && v >= def.flexibleFrom;
  return defineApi<Req, Res>({
    key: def.key,
    name: def.name,
    minVersion: def.minVersion,
    maxVersion: def.maxVersion,
    flexibleFrom: def.flexibleFrom,
    decode: (r, v) => def.request.read(r, v, flexible(v)),
    handle: (ctx, req) => def.handle(ctx, req),
    encode: (w, res, v) => def.response.write(w, res, v, flexible(v)),
    errorResponse: (req, code) => def.errorResponse(req, code),
    storageErrorCode: def.storageErrorCode,
  });
}
