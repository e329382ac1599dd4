import { join } from 'node:path';
import { ChaosProcess, ChildExit, waitFor } from './child-process';
import { DIST_DIR } from './paths';

export type DownstreamService = 'notification-service' | 'analytics-service';

/**
 * The notification- or analytics-service (compiled, from dist/) as a child process: the poison scenario runs the
 * whole pipeline because both also read `order-created` in groups of their own, and each group dead-letters a
 * poison record on its own. ChaosStack leaves them out; this starts them beside it, on the same broker and database.
 */
export class DownstreamProcess {
  private constructor(
    readonly service: DownstreamService,
    readonly url: string,
    private readonly child: ChaosProcess,
  ) {}

  static async start(service: DownstreamService, port: number, env: Readonly<Record<string, string>>, logDir: string): Promise<DownstreamProcess> {
    const child = new ChaosProcess(
      service,
      [join(DIST_DIR, `apps/${service}/src/main.js`)],
      { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', KAFKA_CLIENT_ID: service, ...env },
      join(logDir, `${service}.log`),
    );
    const started = new DownstreamProcess(service, `http://127.0.0.1:${port}`, child);
    try {
      await waitFor(
        async () => {
          if (child.hasExited) throw new Error(`${service} exited while starting\n${child.tail()}`);
          const response = await fetch(`${started.url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
          return response?.status === 200 ? true : undefined;
        },
        `${service} to be healthy`,
        90_000,
        200,
      );
    } catch (error) {
      await child.stop();
      throw error;
    }
    return started;
  }

  get running(): boolean {
    return !this.child.hasExited;
  }

  /** SIGTERM (SIGKILL after 15 s); resolves to how it ended. */
  stop(): Promise<ChildExit> {
    return this.child.stop();
  }
}
