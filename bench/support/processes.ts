import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CpuSubject } from './cpu';

export const REPO_ROOT = resolve(__dirname, '../..');
const BROKER_BIN = resolve(REPO_ROOT, 'libs/kafka-broker/src/bin/broker.ts');
/** Settings of the bench's own environment a child must not inherit: each child gets them explicitly. */
const OWN_SETTINGS = /^(PORT|HOST|DATA_DIR|DATABASE_URL|LOG_LEVEL|TEST_SCHEMA|KAFKA_.*|GATEWAY_.*)$/;
const STOP_GRACE_MS = 15_000;

export type ServiceName = 'order-service' | 'payment-service' | 'notification-service' | 'analytics-service';

/** A child process of the benchmark: a broker, a compiled service or a load worker. */
export interface BenchProcess extends CpuSubject {
  readonly child: ChildProcess;
  /** Resolves once the process has gone. */
  readonly exited: Promise<void>;
  hasExited(): boolean;
  /** Its last output lines, for error messages. */
  output(): string;
}

const live = new Set<ChildProcess>();

/** SIGKILLs every child still running; for the runner's SIGINT and exit handlers, where nothing can be awaited. */
export function killAllChildrenNow(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Spawns `args` under node with piped output kept in a ring of the last 200 lines; tracked for stopAll/SIGINT. */
export function spawnNode(name: string, args: string[], env: NodeJS.ProcessEnv, withIpc = false): BenchProcess {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe', ...(withIpc ? ['ipc' as const] : [])] });
  live.add(child);
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream!, crlfDelay: Infinity }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
    });
  }
  let gone = false;
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      gone = true;
      live.delete(child);
      done();
    }),
  );
  return { name, pid: child.pid!, child, exited, hasExited: () => gone, output: () => `--- last lines of ${name} (pid ${child.pid}) ---\n${lines.join('\n')}` };
}

/** SIGTERM, then SIGKILL if it has not exited after 15 s. */
export async function stopProcess(proc: BenchProcess): Promise<void> {
  if (proc.hasExited()) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_GRACE_MS);
  await proc.exited;
  clearTimeout(timer);
}

export function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
}

export interface BrokerProcess extends BenchProcess {
  readonly bootstrapServers: string;
}

/**
 * The embedded broker through its CLI (libs/kafka-broker/src/bin/broker.ts) in its own node process, with an IPC
 * channel so it also stops if the bench dies. Resolves once it reports that it is listening.
 */
export async function startBrokerProcess(options: { port: number; partitions?: number; dataDir?: string; name?: string }): Promise<BrokerProcess> {
  const args = ['--import', 'tsx', BROKER_BIN, '--port', String(options.port), '--partitions', String(options.partitions ?? 6), '--log-level', 'warn'];
  if (options.dataDir !== undefined) args.push('--data-dir', options.dataDir);
  const proc = spawnNode(options.name ?? 'broker', args, inheritedEnv(), true);
  const bootstrapServers = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`broker did not start within 30 s\n${proc.output()}`)), 30_000);
    void proc.exited.then(() => fail(new Error(`broker exited while starting\n${proc.output()}`)));
    proc.child.on('message', (message: { type?: string; bootstrapServers?: string }) => {
      if (message.type !== 'ready' || message.bootstrapServers === undefined) return;
      clearTimeout(timer);
      ready(message.bootstrapServers);
    });
  }).catch(async (error: unknown) => {
    proc.child.kill('SIGKILL');
    throw error;
  });
  return { ...proc, bootstrapServers };
}

export interface ServiceProcess extends BenchProcess {
  readonly url: string;
}

/**
 * A compiled service (`dist/apps/<service>/src/main.js`, see ensureBuilt) on `port` with `env` on top of HOST,
 * PORT and LOG_LEVEL=warn (a benchmark measures the service, not the log pipe). Resolves once /health answers 200.
 */
export async function startServiceProcess(
  service: ServiceName,
  options: { port: number; env: Record<string, string>; name?: string; nodeArgs?: string[]; onSpawned?: (proc: BenchProcess) => void },
): Promise<ServiceProcess> {
  const env = { ...inheritedEnv(), HOST: '127.0.0.1', PORT: String(options.port), LOG_LEVEL: 'warn', ...options.env };
  const main = resolve(REPO_ROOT, 'dist/apps', service, 'src/main.js');
  const proc = spawnNode(options.name ?? service, [...(options.nodeArgs ?? []), main], env);
  options.onSpawned?.(proc);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.hasExited()) throw new Error(`${proc.name} exited while starting\n${proc.output()}`);
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    if (response?.status === 200) break;
    if (Date.now() > deadline) {
      await stopProcess(proc);
      throw new Error(`${proc.name} not healthy within 90 s\n${proc.output()}`);
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  return { ...proc, url };
}

/**
 * What a scenario started, stopped in reverse order by `stopAll` (in a `finally`), so a failing run leaves
 * nothing behind. Also the list of processes whose CPU a window measures.
 */
export class ProcessGroup {
  private readonly procs: BenchProcess[] = [];
  /** Processes the group did not spawn itself (an Apache Kafka JVM): measured, and stopped by stopAll. */
  private readonly external: { subject: CpuSubject; stop: () => Promise<void> }[] = [];

  /** Adds a process started elsewhere, with how to stop it. */
  addExternal(subject: CpuSubject, stop: () => Promise<void>): void {
    this.external.push({ subject, stop });
  }

  /** Every process to measure: the running children and the external ones. */
  subjects(): CpuSubject[] {
    return [...this.running(), ...this.external.map((e) => e.subject)];
  }

  add<P extends BenchProcess>(proc: P): P {
    this.procs.push(proc);
    return proc;
  }

  async broker(options: Parameters<typeof startBrokerProcess>[0]): Promise<BrokerProcess> {
    return this.add(await startBrokerProcess(options));
  }

  /** Part of the group (measured, stopped by stopAll) from its spawn on, before it is healthy. */
  async service(service: ServiceName, options: Parameters<typeof startServiceProcess>[1]): Promise<ServiceProcess> {
    return startServiceProcess(service, { ...options, onSpawned: (proc) => this.add(proc) });
  }

  running(): readonly BenchProcess[] {
    return this.procs.filter((p) => !p.hasExited());
  }

  async stop(proc: BenchProcess): Promise<void> {
    await stopProcess(proc);
    // `service()` hands out a copy with the url: the entry is the one with the same child.
    const index = this.procs.findIndex((p) => p.child === proc.child);
    if (index >= 0) this.procs.splice(index, 1);
  }

  async stopAll(): Promise<void> {
    while (this.procs.length > 0) await stopProcess(this.procs.pop()!);
    while (this.external.length > 0) await this.external.pop()!.stop();
  }
}
