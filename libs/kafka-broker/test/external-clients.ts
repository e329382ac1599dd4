import { spawn, spawnSync } from 'node:child_process';

/** A third-party client the interop tests drive as a separate process. */
export interface ExternalTool {
  readonly name: string;
  readonly available: boolean;
  readonly installHint: string;
}

function probe(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

export const PYTHON = '/usr/bin/python3';

export const kcat: ExternalTool = {
  name: 'kcat (librdkafka)',
  available: probe('kcat', ['-V']),
  installHint: 'apt-get install kcat',
};

export const kafkaPython: ExternalTool = {
  name: 'kafka-python',
  available: probe(PYTHON, ['-c', 'import kafka']),
  installHint: 'apt-get install python3-kafka',
};

/**
 * `describe` when the tool is installed. Otherwise: under CI=true a suite whose only test fails
 * (a CI machine without the tool must not pass silently); elsewhere a skipped suite and a warning.
 */
export function describeWith(tool: ExternalTool): (name: string, fn: () => void) => void {
  if (tool.available) return describe;
  if (process.env.CI === 'true') {
    return (name, _fn) =>
      describe(name, () => {
        it(`needs ${tool.name}`, () => {
          throw new Error(`${tool.name} is not installed, and CI=true requires it (${tool.installHint})`);
        });
      });
  }
  console.warn(`${tool.name} is not installed: its interop tests are skipped (${tool.installHint})`);
  return describe.skip;
}

export interface ProcessResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command to completion, feeding `input` on stdin; kills it after `timeoutMs`. */
export function run(cmd: string, args: string[], opts: { input?: Buffer | string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}
