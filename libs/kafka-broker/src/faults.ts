import { DiskFaults } from './disk-faults';

/**
 * Fault injection for tests: rules that delay, fail (with an error code in the response) or
 * drop (never answer) requests of one API key, optionally on one node and a limited number
 * of times. Tests drive failures through these rules instead of mocking the broker.
 */
export type FaultAction =
  | { kind: 'delay'; ms: number }
  | { kind: 'fail'; errorCode: number }
  /** Never answer. With `afterHandling`, the request takes effect first (a lost response). */
  | { kind: 'drop'; afterHandling?: boolean };

export interface FaultRule {
  apiKey: number;
  action: FaultAction;
  /** Only requests received by this node; all nodes when absent. */
  nodeId?: number;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
}

export class FaultInjector {
  /** Disk faults (short writes, ENOSPC, EIO) met by the storage code; see disk-faults.ts. */
  readonly disk = new DiskFaults();
  private rules: { rule: FaultRule; left: number }[] = [];

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const entry = { rule, left: rule.times ?? Infinity };
    this.rules.push(entry);
    return () => {
      this.rules = this.rules.filter((r) => r !== entry);
    };
  }

  /** Removes every rule, disk ones included. */
  clear(): void {
    this.rules = [];
    this.disk.clear();
  }

  /** The action for this request, consuming one use of the matching rule. */
  match(apiKey: number, nodeId: number): FaultAction | null {
    if (this.rules.length === 0) return null;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.apiKey !== apiKey || (rule.nodeId !== undefined && rule.nodeId !== nodeId) || entry.left <= 0) continue;
      entry.left--;
      if (entry.left <= 0) this.rules = this.rules.filter((r) => r !== entry);
      return rule.action;
    }
    return null;
  }
}
