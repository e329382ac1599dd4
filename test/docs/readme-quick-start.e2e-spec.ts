import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runBash } from './support/doc-shell';
import { codeBlocks, commandSnippets, DocSnippet } from './support/markdown-snippets';
import { shapeProblems } from './support/output-shape';

/**
 * Docs stay true, README side: the quick start's commands are the ones the tests and CI run (`npm start` is what
 * test/e2e/npm-start-runs-the-whole-system.e2e-spec.ts starts, `npm test` what .ci/run runs; `npm test` itself
 * is not run from a test), and its curl examples work against `npm start` on ports of this test, answering in the
 * documented shape (support/output-shape.ts).
 */

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const quickStart = codeBlocks(README, 'README.md').filter((block) => block.section.startsWith('Quick start'));
const commandsShown = quickStart.flatMap((block) => commandSnippets([block], () => true));
const npmCommands = commandsShown.filter((s) => /^npm\s/.test(s.command)).map((s) => s.command);
const curlExamples = commandsShown.filter((s) => /^curl\s/.test(s.command));

const packageScripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** `exec node <args>` of the start script: the node arguments `npm start` runs. */
function startScriptArgs(): string[] {
  const [exec, node, ...args] = packageScripts.start.trim().split(/\s+/);
  if (exec !== 'exec' || node !== 'node') throw new Error(`the start script should be exec node ..., got ${packageScripts.start}`);
  return args;
}

describe('README.md quick start', () => {
  it('shows npm install, npm start and npm test, and only commands that CI or a test runs', () => {
    expect(npmCommands).toEqual(['npm install', 'npm start', 'npm test']);
    const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m); // npm install, from the lock file
    expect(ci).toMatch(/^npm test$/m);
    expect(packageScripts.test).toContain('jest');
    // The npm start test spawns the start script's node arguments itself (npm would not forward its SIGINT).
    const startTest = readFileSync(join(REPO_ROOT, 'test/e2e/npm-start-runs-the-whole-system.e2e-spec.ts'), 'utf8');
    const spawned = /spawn\(process\.execPath, \[([^\]]*)\]/.exec(startTest)?.[1];
    expect(spawned && [...spawned.matchAll(/'([^']*)'/g)].map((m) => m[1])).toEqual(startScriptArgs());
    expect(curlExamples.length).toBeGreaterThan(0);
  });

  describe('curl examples against npm start', () => {
    let system: RunningSystem;
    const responses: Record<string, unknown>[] = [];

    beforeAll(async () => {
      system = await startSystem();
    }, 240_000);

    afterAll(async () => {
      await system?.stop();
      process.stdout.write(`README.md: ran ${curlExamples.length} curl examples against npm start\n`);
    });

    it.each(curlExamples.map((s) => [`README.md:${s.line} ${s.command.split('\n')[0]}`, s] as const))(
      '%s',
      async (_, snippet) => {
        const command = withPlaceholders(system.onOurPorts(snippet.command), responses);
        // "# status PAID a moment later": the doc promises a state; poll for it a while.
        const promised = /#.*\bstatus (\w+)/.exec(snippet.command)?.[1];
        const deadline = Date.now() + 60_000;
        for (;;) {
          const run = await runBash(`curl() { command curl --fail-with-body "$@"; }\n${command}`, { timeoutMs: 30_000 });
          const body = parseJson(run.output);
          const problems = [
            ...(run.status !== 0 ? [`curl exited ${run.status} (an HTTP error is exit 22)`] : []),
            ...(body === undefined ? ['the answer is not JSON'] : []),
            ...shapeProblems(snippet.documented, run.output),
          ];
          if (problems.length === 0 && (promised === undefined || body?.status === promised)) {
            if (body) responses.push(body);
            return;
          }
          if (problems.length > 0 || Date.now() > deadline) throw new Error(report(snippet, command, run.output, problems.length > 0 ? problems : [`status never became ${promised}`]));
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      90_000,
    );
  });
});

/** `<orderId>` and the like: the field of that name in the latest answer that has one. */
function withPlaceholders(command: string, responses: readonly Record<string, unknown>[]): string {
  return command.replace(/<(\w+)>/g, (whole, name: string) => {
    const value = [...responses].reverse().find((r) => typeof r[name] === 'string')?.[name];
    if (typeof value !== 'string') throw new Error(`no earlier answer gives ${whole}`);
    return value;
  });
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return undefined;
  }
}

function report(snippet: DocSnippet, command: string, output: string, problems: readonly string[]): string {
  return [
    `${snippet.file}:${snippet.line} no longer works as documented:`,
    ...problems.map((p) => `  - ${p}`),
    `command run:\n${command}`,
    `output:\n${output}`,
    `documented:\n${snippet.documented.join('\n')}`,
  ].join('\n');
}

interface RunningSystem {
  /** The command with the README's ports (its "Services and ports" table) replaced by this test's. */
  onOurPorts(command: string): string;
  stop(): Promise<void>;
}

/** The README's ports per service: `| [order-service](...) | 3002 ...` rows. */
function documentedPorts(): Map<string, number> {
  const rows = [...README.matchAll(/^\| \[([a-z-]+-service)\]\([^)]*\) \| (\d+)\b/gm)];
  return new Map(rows.map((m) => [m[1], Number(m[2])]));
}

/** Variables of the test's own environment `npm start` must not inherit: the test sets them. */
const OWN_SETTINGS = /^(PORT|HOST|DATA_DIR|DATABASE_URL|LOG_LEVEL|PAYMENT_INSTANCES|START_.*|KAFKA_.*|GATEWAY_.*|.*_SERVICE_PORT|.*_SERVICE_EXTRA_PORT)$/;

/** `npm start` (its node command, as the npm start test runs it) with the broker and services on free ports of ours. */
async function startSystem(): Promise<RunningSystem> {
  const services = documentedPorts();
  if (services.size < 4) throw new Error(`README.md's "Services and ports" table should list the four services, found ${[...services.keys()].join(', ')}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'docs-readme-'));
  const ports = new Map<string, number>();
  const env: Record<string, string> = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', KAFKA_BROKER_PORT: String(await freePort(19300, 19399)) };
  for (const service of services.keys()) {
    ports.set(service, await freePort(4300, 4399, new Set(ports.values())));
    env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`] = String(ports.get(service));
  }
  env.CONSOLE_PORT = String(await freePort(4300, 4399, new Set(ports.values())));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
  const child: ChildProcess = spawn(process.execPath, startScriptArgs(), { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const stop = async () => {
    if (!hasExited) child.kill('SIGINT');
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(kill);
    await rm(dataDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`npm start exited ${code} on SIGINT\n${output}`);
  };
  const deadline = Date.now() + 200_000;
  while (!output.includes('Ctrl-C stops everything')) {
    if (hasExited || Date.now() > deadline) {
      await stop().catch(() => undefined);
      throw new Error(`npm start did not get ready\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const onOurPorts = (command: string) => [...services].reduce((text, [service, port]) => text.replace(new RegExp(`localhost:${port}\\b`, 'g'), `127.0.0.1:${ports.get(service)}`), command);
  return { onOurPorts, stop };
}

/** A port of `from`-`to` that nothing listens on and that is not in `taken` (picked for another process already). */
async function freePort(from: number, to: number, taken: ReadonlySet<number> = new Set()): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolvePort) => {
      const server = createServer();
      server.once('error', () => resolvePort(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}
