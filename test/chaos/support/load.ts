import { sleep } from './child-process';

export interface OrderLoadOptions {
  /** Base URL of the order-service. */
  readonly url: string;
  readonly ratePerSecond: number;
  /** Requests in flight at most; when all are busy the load falls behind its rate instead of piling up. */
  readonly concurrency: number;
  /** Stop after this many requests; default: only at `stop()`. Scenarios stop by time, so that a slow restart
   *  on a busy machine cannot use the whole load up on refused requests (they fail at once, at the full rate). */
  readonly total?: number;
  /** A request that got no answer in this time counts as `no answer` (default 10 s). */
  readonly timeoutMs?: number;
  /** The userId of request `i` (default `chaos-user-<i % 50>`). */
  readonly userId?: (i: number) => string;
}

/** What the load saw: an order counts as accepted only when the service answered 201 with its id. */
export interface LoadReport {
  /** orderId -> when the 201 arrived (ms since epoch). */
  readonly accepted: ReadonlyMap<string, number>;
  /** Answers other than 201 by status, plus `no answer` (refused, reset, timed out). */
  readonly rejected: ReadonlyMap<string, number>;
  readonly sent: number;
  /** Each answer other than 201 with when it came (ms since epoch), to judge a fault's window. */
  readonly failures: readonly { readonly at: number; readonly outcome: string }[];
}

/**
 * POSTs orders to the order-service at a steady rate with bounded concurrency, recording every 201's orderId.
 * Never throws: a failed request is a count in `rejected`, which the scenario judges.
 */
export class OrderLoad {
  private readonly accepted = new Map<string, number>();
  private readonly rejected = new Map<string, number>();
  private readonly failures: { at: number; outcome: string }[] = [];
  private sent = 0;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(private readonly options: OrderLoadOptions) {
    const startedAt = Date.now();
    this.done = Promise.all(Array.from({ length: options.concurrency }, () => this.worker(startedAt))).then(() => undefined);
  }

  /** Orders accepted so far. */
  get acceptedCount(): number {
    return this.accepted.size;
  }

  get sentCount(): number {
    return this.sent;
  }

  /** Stops sending (requests in flight finish) and resolves to the report. */
  async stop(): Promise<LoadReport> {
    this.stopped = true;
    return this.finished();
  }

  /** Resolves to the report once every request was sent and answered. */
  async finished(): Promise<LoadReport> {
    await this.done;
    return this.report();
  }

  report(): LoadReport {
    return { accepted: new Map(this.accepted), rejected: new Map(this.rejected), sent: this.sent, failures: [...this.failures] };
  }

  private async worker(startedAt: number): Promise<void> {
    const { ratePerSecond, total = Number.POSITIVE_INFINITY } = this.options;
    while (!this.stopped && this.sent < total) {
      const i = this.sent++;
      const due = startedAt + (i * 1000) / ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      await this.post(i);
    }
  }

  private async post(i: number): Promise<void> {
    const userId = this.options.userId?.(i) ?? `chaos-user-${i % 50}`;
    const body = { userId, items: [{ productId: `sku-${i % 20}`, quantity: 1 + (i % 3), price: 5 + (i % 40) / 4 }] };
    try {
      const response = await fetch(`${this.options.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      const text = await response.text();
      const orderId = response.status === 201 ? orderIdOf(text) : undefined;
      if (orderId !== undefined) this.accepted.set(orderId, Date.now());
      else this.count(response.status === 201 ? '201 without orderId' : String(response.status));
    } catch {
      this.count('no answer');
    }
  }

  private count(outcome: string): void {
    this.rejected.set(outcome, (this.rejected.get(outcome) ?? 0) + 1);
    this.failures.push({ at: Date.now(), outcome });
  }
}

function orderIdOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { orderId?: unknown };
    return typeof body.orderId === 'string' ? body.orderId : undefined;
  } catch {
    return undefined;
  }
}

/** `no answer: 3, 503: 40` for a facts line. */
export function describeRejected(rejected: ReadonlyMap<string, number>): string {
  if (rejected.size === 0) return 'none';
  return [...rejected]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, n]) => `${outcome}: ${n}`)
    .join(', ');
}

/** The failures between `from` and `to`, counted by outcome. */
export function failuresBetween(report: LoadReport, from: number, to: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { at, outcome } of report.failures) if (at >= from && at <= to) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return counts;
}
