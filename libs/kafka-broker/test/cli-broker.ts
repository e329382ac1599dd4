import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(REPO_ROOT, 'libs', 'kafka-broker', 'src', 'bin', 'broker.ts');

/** The standalone broker (`npm run broker`) running as a child process. */
export interface CliBroker {
  readonly bootstrapServers: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything it printed on stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal name) once the process has gone. */
  readonly exited: Promise<number | string>;
  /** CPU time (user + system, microseconds) the broker process has used, asked over IPC. */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
}

/**
 * Starts `src/bin/broker.ts` (or another `script` with the same IPC handshake) in one node
 * process (tsx as a loader, not a wrapper process, so a signal reaches the broker itself) and
 * resolves once it reports that it is listening.
 */
export function startCliBroker(args: string[], nodeArgs: string[] = [], script = BIN): Promise<CliBroker> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const failed = (why: string) => reject(new Error(`broker did not start (${why}): ${stderr}`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      failed('timeout');
    }, 30_000);
    void exited.then((code) => {
      clearTimeout(timer);
      failed(`exited ${code}`);
    });
    child.on('message', function onReady(msg: { type?: string; bootstrapServers?: string }) {
      if (msg.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onReady);
      resolve({
        bootstrapServers: msg.bootstrapServers!,
        pid: child.pid!,
        child,
        exited,
        output: () => ({ stdout, stderr }),
        cpuUsage: () =>
          new Promise((res) => {
            const onMsg = (m: { type?: string; usage?: NodeJS.CpuUsage }) => {
              if (m.type !== 'cpu-usage') return;
              child.off('message', onMsg);
              res(m.usage!);
            };
            child.on('message', onMsg);
            child.send({ type: 'cpu-usage' });
          }),
      });
    });
  });
}

/** Runs the CLI to completion (for --help and invalid options). */
export function runCliToExit(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A fresh data directory for each test (`dataDir()`), and the CLI broker a test starts on it (`track`), killed with
 * SIGKILL if still running and the directory removed after each test.
 */
export function useScratchCliBroker(prefix: string): { dataDir: () => string; track: (starting: Promise<CliBroker>) => Promise<CliBroker> } {
  let dataDir = '';
  let running: CliBroker | null = null;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { dataDir: () => dataDir, track: async (starting) => (running = await starting) };
}
