import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';
import type { ClusterState } from '../state/cluster';
import type { BrokerNode } from '../state/cluster';

/** What a handler knows about the request it serves. */
export interface RequestContext {
  readonly cluster: ClusterState;
  /** The node (broker) whose listener received the request. */
  readonly node: BrokerNode;
  readonly apiVersion: number;
  readonly clientId: string | null;
  readonly clientHost: string;
}

/**
 * One Kafka API: its supported version range, request decoder, handler and response encoder.
 * Broker-side failures are error codes inside the response, never exceptions: an exception
 * means a bug or a malformed frame, and closes the connection (a StorageError excepted: it is
 * answered with `storageErrorCode`).
 */
export interface ApiDefinition<Req = unknown, Res = unknown> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** First version using the flexible (compact, tagged) encoding; absent when none in range is. */
  readonly flexibleFrom?: number;
  decode(r: Reader, version: number): Req;
  /** Returns null when no response is owed (Produce with acks=0). */
  handle(ctx: RequestContext, req: Req): Res | null | Promise<Res | null>;
  encode(w: Writer, res: Res, version: number): void;
  /** The response that reports `errorCode` for everything the request asked (fault injection, a refused disk write). */
  errorResponse(req: Req, errorCode: number): Res;
  /**
   * What a handler's StorageError (the disk refused a metadata write) is answered with.
   * KAFKA_STORAGE_ERROR when absent; coordinator APIs say NOT_COORDINATOR, as Kafka maps a
   * failed append to __consumer_offsets or __transaction_state.
   */
  readonly storageErrorCode?: number;
}

export function defineApi<Req, Res>(def: ApiDefinition<Req, Res>): ApiDefinition<Req, Res> {
  return def;
}

export function isFlexible(api: ApiDefinition, version: number): boolean {
  return api.flexibleFrom !== undefined && version >= api.flexibleFrom;
}
