/** What a load worker (load-worker.ts, its own process) is asked to do and what it answers; shared by both sides. */

/** The request body: one fixed text, or a valid `POST /orders` body per request (userId varies with the index). */
export type BodySpec = { readonly kind: 'fixed'; readonly text: string } | { readonly kind: 'order'; readonly userPrefix: string };

/** As many requests as `connections` keep in flight (autocannon): the maximum throughput, and its latency. */
export interface ClosedLoopPlan {
  readonly kind: 'closed';
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: BodySpec;
  readonly connections: number;
  readonly durationSeconds: number;
}

/**
 * Requests sent on a fixed schedule whether or not earlier ones were answered; each latency runs from the
 * request's scheduled send time, so a stalled server shows up as latency instead of as fewer requests
 * (no coordinated omission). The first `warmupSeconds` are sent but not counted.
 */
export interface OpenLoopPlan {
  readonly kind: 'open';
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: BodySpec;
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** Sockets the worker may open; a request beyond them waits (and that wait counts as latency). */
  readonly maxConnections?: number;
  /**
   * How long after the last send unanswered requests are still awaited (default 15 s); then they are abandoned,
   * counted as `unanswered`, and their wait so far is taken as their latency, so the percentiles are lower bounds.
   */
  readonly drainSeconds?: number;
  /** If set, one JSON line per measured 2xx answer: `{"scheduledAtMs": <epoch ms>, "body": <parsed answer>}`. */
  readonly recordFile?: string;
}

export type LoadPlan = ClosedLoopPlan | OpenLoopPlan;

export interface ClosedLoopResult {
  readonly kind: 'closed';
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly total: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface OpenLoopResult {
  readonly kind: 'open';
  readonly offeredPerSecond: number;
  /** Answers per second over the measured window (below the offered rate when the server cannot keep up). */
  readonly completedPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly sent: number;
  readonly errors: number;
  readonly non2xx: number;
  /** Requests abandoned after `drainSeconds` (the server could not keep up with the offered rate). */
  readonly unanswered: number;
  /** How late the worker itself sent a request at worst: large values mean the generator, not the server, lagged. */
  readonly maxSendLagMs: number;
}

export type LoadResult = ClosedLoopResult | OpenLoopResult;

export function bodyText(spec: BodySpec, index: number): string {
  if (spec.kind === 'fixed') return spec.text;
  return JSON.stringify({ userId: `${spec.userPrefix}-${index % 1000}`, items: [{ productId: 'sku-bench-1', quantity: 1 + (index % 3), price: 12.5 }] });
}
