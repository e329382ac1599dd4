/** Pauses partitions of retry topics until their head message is due, then resumes them. */
export class DueTimeGate {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly pause: (topic: string, partition: number) => void,
    private readonly resume: (topic: string, partition: number) => void,
  ) {}

  /**
   * Stops fetching `topic`/`partition` until `dueAt` (epoch ms). The consumer keeps polling its other partitions
   * and heartbeating meanwhile, so waiting never costs its place in the group.
   */
  holdUntil(topic: string, partition: number, dueAt: number): void {
    const key = `${partition}:${topic}`;
    clearTimeout(this.timers.get(key));
    this.pause(topic, partition);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        this.resume(topic, partition);
      },
      Math.max(0, dueAt - Date.now()),
    );
    this.timers.set(key, timer);
  }

  /** Drops pending resumes (the consumer is stopping). */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
