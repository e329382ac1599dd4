import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** Sourced before each snippet: makes `npm run kafka` reach the CLI (see the file). */
const NPM_SHIM = join(__dirname, 'npm-shim.bash');
const CLI_HOST = join(__dirname, 'cli-host.ts');

/** One run of the project CLI made by a documented command. */
export interface CliInvocation {
  args: string;
  code: number;
}

export interface ShellRun {
  /** The snippet's own exit status (its last pipeline's). */
  status: number | null;
  /** stdout and stderr together, as a terminal shows them. */
  output: string;
  /** Every project CLI run the snippet made, in order. */
  invocations: CliInvocation[];
}

/** Runs `script` in bash from the repository root, stderr merged into stdout as a terminal shows them. */
export async function runBash(script: string, options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ status: number | null; output: string }> {
  const child = spawn('bash', ['-c', `exec 2>&1\n${script}`], { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const limit = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  clearTimeout(limit);
  return { status, output };
}

/** The node options of the `kafka` npm script: the CLI host runs under the same ones. */
function kafkaScriptNodeOptions(): string[] {
  const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.kafka;
  const [bin, ...args] = script.trim().split(/\s+/);
  if (bin !== 'node' || args[args.length - 1] !== 'apps/kafka-cli/src/main.ts') throw new Error(`the kafka script should be node ... apps/kafka-cli/src/main.ts, got ${script}`);
  return args.slice(0, -1);
}

/**
 * Bash as the reader's shell, where `npm run -s kafka -- ...` reaches the project CLI against `brokers` (through
 * cli-host.ts, or the real npm with DOCS_CLI=child), and a scratch directory. One per suite.
 */
export class DocShell {
  private constructor(
    private readonly host: ChildProcess,
    private readonly hostUrl: string,
    private readonly dir: string,
    private readonly brokers: () => string,
  ) {}

  static async start(brokers: () => string): Promise<DocShell> {
    const dir = await mkdtemp(join(tmpdir(), 'docs-shell-'));
    const host = spawn(process.execPath, [...kafkaScriptNodeOptions(), CLI_HOST], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    const url = await new Promise<string>((ready, failed) => {
      host.once('exit', (code) => failed(new Error(`the CLI host exited (${code}) before it listened`)));
      createInterface({ input: host.stdout }).on('line', (line) => {
        const match = /^listening on (\S+)$/.exec(line);
        if (match) ready(match[1]);
      });
    });
    return new DocShell(host, url, dir, brokers);
  }

  /** Runs `script` in bash (after `prelude`, if any) and reports what it printed and which CLI runs it made. */
  async run(script: string, options: { prelude?: string; timeoutMs?: number } = {}): Promise<ShellRun> {
    const log = join(await mkdtemp(join(this.dir, 'snippet-')), 'invocations');
    await writeFile(log, '');
    const env = { KAFKA_BROKERS: this.brokers(), DOCS_CLI_URL: this.hostUrl, DOCS_TMP: this.dir, DOCS_LOG: log, DOCS_REPO: REPO_ROOT, DOCS_SHIM: NPM_SHIM };
    const { status, output } = await runBash(`source "$DOCS_SHIM"\n${options.prelude ?? ''}\n${script}`, { env, timeoutMs: options.timeoutMs });
    const invocations = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ({ code: Number(line.slice(0, line.indexOf('\t'))), args: line.slice(line.indexOf('\t') + 1) }));
    return { status, output, invocations };
  }

  async close(): Promise<void> {
    const exited = new Promise((done) => this.host.once('exit', done));
    this.host.stdin?.end();
    const kill = setTimeout(() => this.host.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
    await rm(this.dir, { recursive: true, force: true });
  }
}
