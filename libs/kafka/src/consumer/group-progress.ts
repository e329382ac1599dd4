/** What `/health` says about one consumer group. */
export interface GroupHealth {
  group: string;
  up: boolean;
  /** Why it is not up: crashed (with the error), restarting, stopped, or lagging with no progress. */
  reason?: string;
  /** Records behind the high watermarks of its last batches. */
  lag: number;
}

/**
 * Lag per partition of one group and when it last moved, to tell a consumer that is busy from one that is stuck:
 * stalled means behind, and no record resolved for the stall time.
 */
export class GroupProgress {
  private readonly lag = new Map<string, number>();
  private lastProgressAt = Date.now();

  /** A batch arrived: `behind` records from its first to the high watermark. Behind after being caught up starts the clock. */
  batchArrived(topic: string, partition: number, behind: number, now = Date.now()): void {
    if (this.total() === 0 && behind > 0) this.lastProgressAt = now;
    this.lag.set(`${topic}/${partition}`, behind);
  }

  resolved(topic: string, partition: number, behind: number, now = Date.now()): void {
    this.lag.set(`${topic}/${partition}`, behind);
    this.lastProgressAt = now;
  }

  /** Partitions revoked by a restart: what the group reads next is measured again. */
  reset(now = Date.now()): void {
    this.lag.clear();
    this.lastProgressAt = now;
  }

  total(): number {
    let sum = 0;
    for (const value of this.lag.values()) sum += value;
    return sum;
  }

  /** Milliseconds behind with no progress, or 0 when caught up. */
  stalledFor(now = Date.now()): number {
    return this.total() === 0 ? 0 : now - this.lastProgressAt;
  }
}
