/** Polls a service's `/health` and remembers when it answered 503 (with the body) and when 200 again. */
export class HealthWatch {
  private timer: NodeJS.Timeout | undefined;
  firstDownAt: number | undefined;
  downBody: string | undefined;
  upAgainAt: number | undefined;

  constructor(private readonly url: string) {}

  start(intervalMs = 200): void {
    const poll = async (): Promise<void> => {
      const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      if (response !== undefined) {
        const body = await response.text().catch(() => '');
        if (response.status === 503 && this.firstDownAt === undefined) {
          this.firstDownAt = Date.now();
          this.downBody = body;
        } else if (response.status === 200 && this.firstDownAt !== undefined && this.upAgainAt === undefined) {
          this.upAgainAt = Date.now();
        }
      }
      this.timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
