import { rawRequest } from './fuzz-http-client';

export type FuzzTarget = 'order-service' | 'payment-service';

/** One hostile request (or byte stream) and what a correct service answers to it. */
export interface FuzzCase {
  readonly target: FuzzTarget;
  /** What kind of hostility, for the counts: `wrong-types`, `huge-body`, `slowloris`, ... */
  readonly category: string;
  /** Which one, for problem reports. */
  readonly name: string;
  readonly parts: readonly Buffer[];
  /** The statuses a correct service may answer; never a 5xx. Undefined: any 2xx-4xx. */
  readonly expect?: readonly number[];
  /** For a 400: a field path its `fields` must name (`items.0.quantity`). */
  readonly fieldPath?: string;
  /** Answers to wait for (pipelining); 0 when the server may rightly close without one. Default 1. */
  readonly answers?: number;
}

/** A valid `POST /orders` body: the starting point of most mutations. */
export function validOrder(user = 'fuzz-user'): { userId: unknown; items: unknown } {
  return { userId: user, items: [{ productId: 'sku-fuzz-1', quantity: 2, price: 12.5 }] };
}

export function postJson(body: string | Buffer, headers: Record<string, string> = {}, path = '/orders'): Buffer {
  return rawRequest('POST', path, { headers: { 'content-type': 'application/json', ...headers }, body });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be repeated case for case: the broker fuzzer's. */
export { Rng as Random } from '../../../libs/kafka-broker/test/fuzz/mutate';
