import { sleep } from './child-process';

/**
 * Asks `GET /health/live` every `everyMs` while the fuzz runs, so "the service stays up" is measured throughout,
 * not only at the end: a probe that gets no 200 within `timeoutMs` counts as a failure.
 */
export class LivenessProbe {
  private readonly latencies: number[] = [];
  private failures = 0;
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly url: string,
    everyMs = 200,
    private readonly timeoutMs = 2000,
  ) {
    this.loop = this.run(everyMs);
  }

  async stop(): Promise<{ probes: number; failures: number; p99Ms: number; maxMs: number }> {
    this.stopped = true;
    await this.loop;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const p99 = sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
    return { probes: sorted.length + this.failures, failures: this.failures, p99Ms: Math.round(p99), maxMs: Math.round(sorted.at(-1) ?? 0) };
  }

  private async run(everyMs: number): Promise<void> {
    while (!this.stopped) {
      const started = performance.now();
      const response = await fetch(`${this.url}/health/live`, { signal: AbortSignal.timeout(this.timeoutMs) }).catch(() => undefined);
      await response?.arrayBuffer().catch(() => undefined);
      if (response?.status === 200) this.latencies.push(performance.now() - started);
      else this.failures++;
      await sleep(everyMs);
    }
  }
}
