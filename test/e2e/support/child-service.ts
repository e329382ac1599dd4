import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterTest, eventually } from '../../support/service-test-kit';

const REPO_ROOT = resolve(__dirname, '../../..');
const ENTRY = resolve(__dirname, 'run-service.ts');
/** Variables of the test's own environment a child must not inherit: the test sets them for each child. */
const OWN_SETTINGS = /^(PORT|HOST|DATA_DIR|DATABASE_URL|LOG_LEVEL|TEST_SCHEMA|KAFKA_.*|GATEWAY_.*)$/;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A service in a child process of the test (see run-service.ts), stopped after the test. */
export interface ChildService {
  readonly service: string;
  /** `http://127.0.0.1:<port>`, the port the service picked. */
  readonly url: string;
  readonly exited: Promise<ChildExit>;
  /** Its last log lines, for failure messages. */
  output(): string;
  /** kill -9, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, SIGKILL if it has not exited after 15 s. */
  stop(): Promise<void>;
}

/**
 * Starts `service` as a child process with `env` (KAFKA_BROKERS, TEST_SCHEMA, DATABASE_URL or DATA_DIR, ...) on a
 * port it picks, and resolves once its `/health` answers 200.
 */
export async function startChildService(service: 'order-service' | 'payment-service', env: Record<string, string>): Promise<ChildService> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', ENTRY, service], {
    cwd: REPO_ROOT,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let url: string | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      url ??= listeningUrl(line);
    });
  }
  let exit: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolveExit) => child.once('exit', (code, signal) => resolveExit((exit = { code, signal }))));
  const output = () => `--- last lines of ${service} (pid ${child.pid}) ---\n${lines.join('\n')}`;
  const running = new ChildHandle(service, child, exited, () => exit !== undefined, output);
  afterTest(() => running.stop());

  const ready = await eventually(
    async () => {
      if (exit !== undefined) throw new Error(`${service} exited while starting (code ${exit.code}, signal ${exit.signal})\n${output()}`);
      if (url === undefined) return undefined;
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      return response?.status === 200 ? url : undefined;
    },
    `${service} to be ready`,
    90_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output()}`);
  });
  running.url = ready;
  return running;
}

class ChildHandle implements ChildService {
  url = '';

  constructor(
    readonly service: string,
    private readonly child: ChildProcess,
    readonly exited: Promise<ChildExit>,
    private readonly hasExited: () => boolean,
    readonly output: () => string,
  ) {}

  async kill(): Promise<void> {
    if (!this.hasExited()) this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.hasExited()) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolveLate) => (timer = setTimeout(() => resolveLate('late'), 15_000)));
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') await this.kill();
  }
}

function listeningUrl(line: string): string | undefined {
  if (!line.includes('"listening on')) return undefined;
  try {
    const entry = JSON.parse(line) as { url?: unknown };
    return typeof entry.url === 'string' ? entry.url : undefined;
  } catch {
    return undefined;
  }
}
