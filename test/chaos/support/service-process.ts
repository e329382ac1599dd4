import { join } from 'node:path';
import { ChaosProcess, ChildExit, waitFor } from './child-process';
import { SERVICE_ENTRY } from './entry';
import { DIST_DIR } from './paths';
import { assertPortFree } from './ports';

export type ChaosService = 'order-service' | 'payment-service';

export interface ServiceProcessOptions {
  readonly service: ChaosService;
  /** Distinguishes instances of one service (log file, Kafka client id), e.g. `payment-a`. */
  readonly instance: string;
  readonly port: number;
  /** KAFKA_BROKERS, DATABASE_URL, GATEWAY_*: what the service's own config reads. */
  readonly env: Readonly<Record<string, string>>;
  readonly logDir: string;
}

/**
 * A service instance as a child process (service-main.ts, written to dist/ by writeServiceEntry) on a fixed port, which a scenario can kill -9 and
 * start again: every start of the instance logs to `<logDir>/<instance>.log`.
 */
export class ServiceProcess {
  private process: ChaosProcess | undefined;
  private starts = 0;

  constructor(private readonly options: ServiceProcessOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get instance(): string {
    return this.options.instance;
  }

  get running(): boolean {
    return this.process !== undefined && !this.process.hasExited;
  }

  get logFile(): string {
    return join(this.options.logDir, `${this.options.instance}.log`);
  }

  /** Starts the process and resolves once `/health` answers 200 (database and Kafka reachable). */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`${this.options.instance} is already running`);
    const { service, instance, port, env } = this.options;
    await assertPortFree(port, instance);
    const child = new ChaosProcess(
      `${instance}#${++this.starts}`,
      [SERVICE_ENTRY, service, DIST_DIR],
      { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', KAFKA_CLIENT_ID: instance, ...env },
      this.logFile,
    );
    this.process = child;
    await this.waitHealthy(timeoutMs);
  }

  /** Resolves once `/health` answers 200; throws if the process exits first. */
  async waitHealthy(timeoutMs = 90_000): Promise<void> {
    const child = this.process;
    if (child === undefined) throw new Error(`${this.options.instance} was never started`);
    await waitFor(
      async () => {
        if (child.hasExited) throw new Error(`${this.options.instance} exited (${JSON.stringify(await child.exited)})\n${child.tail()}`);
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
        return response?.status === 200 ? true : undefined;
      },
      `${this.options.instance} to be healthy`,
      timeoutMs,
      200,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${child.tail()}`);
    });
  }

  /** How the last process ended (`exit code 1`, `signal SIGKILL`), or `running`. */
  async exitDescription(): Promise<string> {
    if (this.process === undefined) return 'never started';
    if (!this.process.hasExited) return 'running';
    const { code, signal } = await this.process.exited;
    return signal === null ? `exit code ${code}` : `signal ${signal}`;
  }

  /** kill -9. */
  async kill(): Promise<void> {
    await this.process?.kill();
  }

  /** SIGTERM (SIGKILL after 15 s); resolves to how it ended, undefined if it was not running. */
  async stop(): Promise<ChildExit | undefined> {
    if (this.process === undefined || this.process.hasExited) return undefined;
    return this.process.stop();
  }

  tail(lines?: number): string {
    return this.process?.tail(lines) ?? `${this.options.instance} was never started`;
  }
}
