import type { BrokerLogger } from '../../logger';

/**
 * Named one-shot timers (a member's session, a group's join or sync deadline). Setting a
 * name replaces its previous timer; `clearAll` lets the broker close without waiting on any.
 */
export class GroupTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly log: BrokerLogger) {}

  set(name: string, ms: number, fire: () => void): void {
    this.clear(name);
    const timer = setTimeout(() => {
      this.timers.delete(name);
      try {
        fire();
      } catch (err) {
        // a bug here must not take the broker down with an uncaught exception
        this.log.error('group timer failed', { timer: name, error: (err as Error).stack });
      }
    }, ms);
    timer.unref();
    this.timers.set(name, timer);
  }

  clear(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }

  clearAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
