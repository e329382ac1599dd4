import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { RunningBroker } from '@app/kafka-broker';
import { startTestBroker } from '../../../test/support/test-broker';
import { createKafkajs } from '@app/kafka';

export const repoRoot = resolve(__dirname, '../../..');

/** The `kafka` npm script, split: the tests run exactly what `npm run kafka` runs, minus npm itself. */
function scriptArgs(): string[] {
  const script = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.kafka;
  const [bin, ...args] = script.trim().split(/\s+/);
  if (bin !== 'node') throw new Error(`the kafka script should start with node, got ${script}`);
  return args;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** KAFKA_BROKERS of the child; tests pass their broker here, as an operator's shell would. */
  brokers?: string;
  /** Written to the child's standard input, which is then closed. */
  input?: string;
  env?: Record<string, string>;
  /** Through npm (`npm run -s kafka -- ...`) instead of node directly. */
  viaNpm?: boolean;
}

const RUN_LIMIT_MS = 60_000;

/** A CLI process still running: what it printed so far, a way to signal it, and how it ended. */
export interface RunningCli {
  readonly output: { stdout: string; stderr: string };
  signal(name: NodeJS.Signals): void;
  readonly exited: Promise<CliRun>;
}

/** Starts the CLI as a child process, the way a user does. */
export function startCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const [command, commandArgs] = options.viaNpm ? ['npm', ['run', '-s', 'kafka', '--', ...args]] : [process.execPath, [...scriptArgs(), ...args]];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.brokers !== undefined) env.KAFKA_BROKERS = options.brokers;
  const child = spawn(command, commandArgs, { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
  child.stdin.end(options.input ?? '');
  const exited = new Promise<CliRun>((resolvePromise, reject) => {
    const limit = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolvePromise({ code, ...output });
    });
  });
  return { output, signal: (name) => void child.kill(name), exited };
}

/** Runs the CLI to its end and collects what it printed and its exit code. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return startCli(args, options).exited;
}

/** Runs the CLI and fails the test (showing stderr) unless it exits 0. */
export async function cliOk(args: readonly string[], options: CliOptions = {}): Promise<string> {
  const run = await runCli(args, options);
  if (run.code !== 0) throw new Error(`kafka ${args.join(' ')} exited ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run.stdout;
}

/** `--json` output parsed. */
export async function cliJson<T>(args: readonly string[], options: CliOptions = {}): Promise<T> {
  return JSON.parse(await cliOk([...args, '--json'], options)) as T;
}

/**
 * The rows of an aligned table as objects keyed by header. Fails unless every cell lines up with its header: left
 * edges for left-aligned columns, right edges for right-aligned ones.
 */
export function readTable(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const [header, ...rows] = lines.map(cellsOf);
  return rows.map((row, r) => {
    if (row.length !== header.length) throw new Error(`row ${r + 1} has ${row.length} cells, the header ${header.length}:\n${text}`);
    return Object.fromEntries(
      header.map((column, i) => {
        const cell = row[i];
        if (cell.start !== column.start && cell.end !== column.end) throw new Error(`cell "${cell.text}" of row ${r + 1} is not under ${column.text}:\n${text}`);
        return [column.text, cell.text];
      }),
    );
  });
}

function cellsOf(line: string): { text: string; start: number; end: number }[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ text: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

/** A name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A broker of the test's own on a free port before each test, closed after it. */
export function useBroker(options: { nodes?: number } = {}): () => RunningBroker {
  let broker: RunningBroker | undefined;
  beforeEach(async () => {
    broker = await startTestBroker({ nodes: options.nodes ?? 1 });
  });
  afterEach(async () => {
    await broker?.close();
    broker = undefined;
  });
  return () => {
    if (!broker) throw new Error('broker not started');
    return broker;
  };
}

/** A kafkajs client of the test's own, to set the scene and check what the CLI did. */
export function testKafka(broker: RunningBroker, clientId = uniqueName('test')): Kafka {
  return createKafkajs({ clientId, brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 50 } });
}

/** Polls `check` until it returns something other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
