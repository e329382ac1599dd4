import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ServiceInstance } from './config/start.config';
import type { LogSink } from './log-sink';

/** How a child process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const NODE_ARGS = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

/**
 * One service as a child process, run from source as the README shows. It gets its own process group, so a
 * Ctrl-C in the terminal reaches only `npm start`, which then stops the services in order, each once: Nest's
 * shutdown hooks stop listening for signals after the first one, and a second would kill the process mid-drain.
 */
export class ServiceProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private exit: ProcessExit | undefined;

  constructor(
    readonly instance: ServiceInstance,
    env: NodeJS.ProcessEnv,
    sink: LogSink,
    repoRoot: string,
  ) {
    this.child = spawn(process.execPath, [...NODE_ARGS, join(repoRoot, 'apps', instance.service, 'src', 'main.ts')], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream !== null) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => sink.line(instance.label, line));
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      this.child.once('error', (error) => {
        sink.line(instance.label, `cannot start: ${error.message}`);
        this.exit = { code: 1, signal: null };
        resolve(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** Resolves once `GET /health` answers 200; rejects if the process exits first or `timeoutMs` passes. */
  async waitReady(host: string, timeoutMs: number): Promise<void> {
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${this.instance.port}/health`;
    const deadline = Date.now() + timeoutMs;
    while (!this.hasExited) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.instance.label} was not ready on ${url} after ${timeoutMs} ms`);
      await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 250))]);
    }
    throw new Error(`${this.instance.label} exited while starting (${describeExit(this.exit)})`);
  }

  /**
   * SIGTERM, then SIGKILL if it is still running after `timeoutMs`. Resolves true when it stopped by itself, false
   * when it had to be killed (here or by {@link kill}).
   */
  async stop(timeoutMs: number): Promise<boolean> {
    if (!this.hasExited) {
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const outcome = await Promise.race([this.exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') this.kill();
    }
    return (await this.exited).signal !== 'SIGKILL';
  }

  /** SIGKILL at once. */
  kill(): void {
    if (!this.hasExited) this.child.kill('SIGKILL');
  }
}

export function describeExit(exit: ProcessExit | undefined): string {
  if (exit === undefined) return 'still running';
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
