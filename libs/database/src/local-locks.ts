import { LockOutcome } from './database';

/** Named in-process locks: what an advisory lock means when the whole database lives in one process. */
export class LocalLocks {
  private readonly held = new Map<string, Promise<void>>();

  async run<T>(name: string, wait: boolean, fn: () => Promise<T>): Promise<LockOutcome<T>> {
    for (let current = this.held.get(name); current; current = this.held.get(name)) {
      if (!wait) return { acquired: false };
      await current;
    }
    let release!: () => void;
    this.held.set(name, new Promise<void>((resolve) => (release = resolve)));
    try {
      return { acquired: true, value: await fn() };
    } finally {
      this.held.delete(name);
      release();
    }
  }
}
