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

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be repeated case for case. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }

  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }
}
