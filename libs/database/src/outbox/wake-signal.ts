/**
 * Sleeps that can be cut short. `wake()` ends a wakeable sleep, or is remembered for the next one when it comes
 * while nobody sleeps (rows committed during a batch must not wait a poll interval). `halt()` ends every sleep,
 * present and future, until `reset()`.
 */
export class WakeSignal {
  private wakePending = false;
  private halted = false;
  private sleeper?: { wakeable: boolean; finish: () => void };

  sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.halted) return Promise.resolve();
    if (wakeable && this.wakePending) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        if (this.sleeper === entry) this.sleeper = undefined;
        resolve();
      };
      const entry = { wakeable, finish };
      // A sleeping relay alone should not keep the process alive.
      const timer = setTimeout(finish, ms).unref();
      this.sleeper = entry;
    });
  }

  /** True, and forgets it, when a wake() came while nobody slept: what the next wakeable sleep would skip. */
  takeWake(): boolean {
    const pending = this.wakePending;
    this.wakePending = false;
    return pending;
  }

  wake(): void {
    if (this.sleeper?.wakeable) {
      this.wakePending = false;
      this.sleeper.finish();
    } else {
      this.wakePending = true;
    }
  }

  halt(): void {
    this.halted = true;
    this.sleeper?.finish();
  }

  reset(): void {
    this.halted = false;
  }
}
