/**
 * A long-lived process that runs the project CLI (`apps/kafka-cli/src/main.ts`, what `npm run kafka` starts) once
 * per HTTP request, so that ~60 documented commands do not each pay ~2 s of ts-node start-up. Started by
 * doc-shell.ts with the `kafka` npm script's node options; prints `listening on <url>` once ready.
 *
 * main.ts is a script: it reads `process.argv`, `process.env.KAFKA_BROKERS` and `process.stdin`, writes to
 * `process.stdout` / `process.stderr` and ends with `process.exit(code)`. So each run re-evaluates main.ts alone
 * (everything it imports stays loaded, one module registry as in a real run) with those swapped for the run.
 * Runs are serialised. Request: POST, body = the arguments, each ended by a NUL; header x-run-dir = a directory
 * with an optional `stdin` file, where `stdout` and `stderr` are written; header x-brokers. Answer: the exit code.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';

const MAIN = resolve(__dirname, '../../../apps/kafka-cli/src/main.ts');
const RUN_LIMIT_MS = 60_000;
const realExit = process.exit.bind(process);
const realWrite = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

function serialised(args: readonly string[], brokers: string, stdin: Buffer): Promise<CliResult> {
  const run = queue.then(() => runOnce(args, brokers, stdin));
  queue = run.catch(() => undefined);
  return run;
}

type WriteCallback = (error?: Error | null) => void;

function capturing(into: string[]): typeof process.stdout.write {
  return (chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (done) process.nextTick(done);
    return true;
  };
}

async function runOnce(args: readonly string[], brokers: string, stdin: Buffer): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const before = { error: process.stdout.listeners('error'), SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin');
  let limit: NodeJS.Timeout | undefined;
  const exited = new Promise<number>((resolveExit, reject) => {
    process.exit = ((code?: number | string | null) => resolveExit(Number(code ?? 0))) as typeof process.exit;
    limit = setTimeout(() => reject(new Error(`kafka ${args.join(' ')} did not finish within ${RUN_LIMIT_MS} ms`)), RUN_LIMIT_MS);
  });
  try {
    process.argv = [process.execPath, MAIN, ...args];
    process.env.KAFKA_BROKERS = brokers;
    Object.defineProperty(process, 'stdin', { value: Readable.from([stdin]), configurable: true, enumerable: true });
    process.stdout.write = capturing(stdout);
    process.stderr.write = capturing(stderr);
    delete require.cache[MAIN];
    require(MAIN);
    const code = await exited;
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    clearTimeout(limit);
    process.exit = realExit;
    process.stdout.write = realWrite.stdout;
    process.stderr.write = realWrite.stderr;
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor);
    // main.ts adds an EPIPE handler to stdout and, for consume, signal handlers: drop the ones this run added.
    for (const listener of process.stdout.listeners('error')) if (!before.error.includes(listener)) process.stdout.off('error', listener as (e: Error) => void);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
    }
  }
}

async function handle(request: IncomingMessage): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const args = Buffer.concat(chunks).toString('utf8').split('\0').slice(0, -1);
  const runDir = String(request.headers['x-run-dir']);
  const stdin = await readFile(join(runDir, 'stdin')).catch(() => Buffer.alloc(0));
  const result = await serialised(args, String(request.headers['x-brokers'] ?? ''), stdin);
  await writeFile(join(runDir, 'stdout'), result.stdout);
  await writeFile(join(runDir, 'stderr'), result.stderr);
  return result.code;
}

const server = createServer((request, response) => {
  handle(request).then(
    (code) => response.end(String(code)),
    (error: unknown) => {
      response.statusCode = 500;
      response.end(error instanceof Error ? error.message : String(error));
    },
  );
});
server.listen(0, '127.0.0.1', () => realWrite.stdout(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`));
// The test closes stdin when it is done with the host.
process.stdin.resume();
process.stdin.on('end', () => realExit(0));
