import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { REPO_ROOT } from './paths';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Variables of the runner's environment a child must not inherit: each scenario sets them itself. */
const OWN_SETTINGS = /^(PORT|HOST|DATA_DIR|DATABASE_URL|LOG_LEVEL|TEST_SCHEMA|KAFKA_.*|GATEWAY_.*)$/;

/**
 * One OS process of a scenario (a broker or a service), its stdout and stderr appended to `logFile` so a failed
 * run can be read afterwards; every start of the same role appends to the same file.
 */
export class ChaosProcess {
  /** Every process started and not yet exited, so the runner can kill what a failed scenario left behind. */
  private static readonly live = new Set<ChaosProcess>();
  private exit: ChildExit | undefined;
  readonly exited: Promise<ChildExit>;
  private readonly child: ChildProcess;

  constructor(
    readonly name: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    readonly logFile: string,
  ) {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !OWN_SETTINGS.test(key)));
    const fd = openSync(logFile, 'a');
    try {
      this.child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    ChaosProcess.live.add(this);
    this.exited = new Promise((resolveExit) =>
      this.child.once('exit', (code, signal) => {
        ChaosProcess.live.delete(this);
        resolveExit((this.exit = { code, signal }));
      }),
    );
  }

  /** kill -9 of every process still running; resolves to their names. */
  static async killLeftovers(): Promise<string[]> {
    const left = [...ChaosProcess.live];
    await Promise.all(left.map((child) => child.kill()));
    return left.map((child) => `${child.name} (pid ${child.pid})`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** kill -9, resolved once the process is gone. */
  async kill(): Promise<void> {
    if (!this.hasExited) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM; SIGKILL if it has not exited after `graceMs`. Resolves to how it ended. */
  async stop(graceMs = 15_000): Promise<ChildExit> {
    if (this.hasExited) return this.exited;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolveLate) => (timer = setTimeout(() => resolveLate('late'), graceMs)));
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') await this.kill();
    return this.exited;
  }

  /** The last `lines` lines of its log file, for failure messages. */
  tail(lines = 30): string {
    const text = readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return `--- last lines of ${this.logFile} ---\n${text}`;
  }
}

/** Polls `check` until it returns something other than undefined; throws after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
