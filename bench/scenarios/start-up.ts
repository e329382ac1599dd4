/**
 * Scenario 8: `npm start` as a new user runs it, on the embedded defaults (embedded broker, PGlite): seconds to the
 * ready block on a fresh data directory and again on the same one, lines printed until ready, and the resident
 * memory of the whole process tree at idle.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import { descendantsOf } from '../support/cpu';
import { REPO_ROOT } from '../support/processes';
import { measured, repeat } from '../support/runs';

/** Printed last in the ready block (scripts/start/summary.ts). */
const READY_LINE = 'Ctrl-C stops everything.';
const READY_LIMIT_MS = 180_000;
const STOP_LIMIT_MS = 60_000;
/** What the scenario sets itself rather than inherit from the bench's environment (as the npm start e2e test). */
const OWN_SETTINGS = /^(PORT|HOST|DATA_DIR|DATABASE_URL|LOG_LEVEL|PAYMENT_INSTANCES|START_.*|KAFKA_.*|GATEWAY_.*|.*_SERVICE_PORT|.*_SERVICE_EXTRA_PORT|CONSOLE_.*)$/;

/** One run: a start on a fresh data directory, then one on the same directory (no CPU figures: nothing is under load). */
interface StartPair {
  first: StartRun;
  later: StartRun;
  cpu?: undefined;
}

interface StartRun {
  /** From spawning `node scripts/start.ts` to the last line of the ready block. */
  secondsToReady: number;
  /** Lines printed (stdout and stderr) up to and including the ready block. */
  linesUntilReady: number;
  /** Sum over the process tree after `idleSeconds` of quiet: resident set, and proportional set (shared pages split). */
  idleRssMb: number;
  idlePssMb: number;
  processes: number;
}

/** kB of one field (VmRSS in status, Pss in smaps_rollup) of a process; 0 when it has gone. */
function procKb(path: string, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

function treeMemory(rootPid: number): { rssMb: number; pssMb: number; processes: number } {
  const pids = [rootPid, ...descendantsOf(rootPid)];
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    rss += procKb(`/proc/${pid}/status`, 'VmRSS');
    pss += procKb(`/proc/${pid}/smaps_rollup`, 'Pss');
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024, processes: pids.length };
}

async function startOnce(ctx: BenchContext, dataDir: string, idleSeconds: number): Promise<StartRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)));
  const port = (offset: number) => String(ctx.portBase + offset);
  const env = {
    ...inherited,
    DATA_DIR: dataDir,
    KAFKA_BROKER_PORT: port(0),
    ORDER_SERVICE_PORT: port(1),
    PAYMENT_SERVICE_PORT: port(2),
    NOTIFICATION_SERVICE_PORT: port(4),
    ANALYTICS_SERVICE_PORT: port(5),
    CONSOLE_PORT: port(6),
  };
  const spawnedAt = performance.now();
  // The same command line as the package.json "start" script, without npm in between.
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const lines: string[] = [];
  let readyAt: number | undefined;
  let linesUntilReady = 0;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    const timer = setTimeout(() => rejectReady(new Error(`npm start not ready after ${READY_LIMIT_MS / 1000} s:\n${lines.slice(-30).join('\n')}`)), READY_LIMIT_MS);
    void exited.then((code) => {
      clearTimeout(timer);
      rejectReady(new Error(`npm start exited (code ${code}) before it was ready:\n${lines.slice(-30).join('\n')}`));
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        lines.push(line);
        if (readyAt === undefined && line.includes(READY_LINE)) {
          readyAt = performance.now();
          linesUntilReady = lines.length;
          clearTimeout(timer);
          resolveReady();
        }
      });
    }
  });
  try {
    await ready;
    await new Promise((done) => setTimeout(done, idleSeconds * 1000));
    const memory = treeMemory(child.pid!);
    child.kill('SIGINT');
    const stopTimer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
    const code = await exited;
    clearTimeout(stopTimer);
    if (code !== 0) throw new Error(`npm start stopped with exit code ${code}:\n${lines.slice(-20).join('\n')}`);
    return { secondsToReady: (readyAt! - spawnedAt) / 1000, linesUntilReady, idleRssMb: memory.rssMb, idlePssMb: memory.pssMb, processes: memory.processes };
  } finally {
    for (const pid of descendantsOf(child.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child.kill('SIGKILL');
  }
}

export const startUpScenario: BenchScenario = {
  id: 'start-up',
  title: 'npm start: time to ready, output lines, idle memory',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const idleSeconds = ctx.quick ? 5 : 15;
    const runs: StartPair[] = await repeat(ctx.runs, ctx.log, 'npm start, fresh data then again', async (run) => {
      const dataDir = join(ctx.workDir, `start-${run}`);
      await mkdir(dataDir, { recursive: true });
      try {
        const first = await startOnce(ctx, dataDir, idleSeconds);
        const later = await startOnce(ctx, dataDir, idleSeconds);
        return { first, later };
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
    const measurements: Measurement[] = [
      measured(runs, (r) => r.first.secondsToReady, { name: 'first start (fresh data directory) to ready', unit: 's', better: 'lower', target: { value: 15, label: '<= 15 s' } }),
      measured(runs, (r) => r.later.secondsToReady, { name: 'later start (same data directory) to ready', unit: 's', better: 'lower', target: { value: 8, label: '<= 8 s' } }),
      measured(runs, (r) => r.first.linesUntilReady, { name: 'first start: lines printed until ready', unit: 'lines', better: 'lower' }),
      measured(runs, (r) => r.later.linesUntilReady, { name: 'later start: lines printed until ready', unit: 'lines', better: 'lower' }),
      measured(runs, (r) => r.later.idlePssMb, {
        name: `idle memory, whole stack (PSS, ${idleSeconds} s after ready)`,
        unit: 'MB',
        better: 'lower',
        target: { value: 1024, label: '< 1 GB' },
      }),
      measured(runs, (r) => r.later.idleRssMb, { name: `idle memory, whole stack (sum of RSS, ${idleSeconds} s after ready)`, unit: 'MB', better: 'lower' }),
    ];
    return {
      id: this.id,
      title: this.title,
      method:
        `Per run: \`node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/start.ts\` (the package.json start script without npm) on a new ` +
        `DATA_DIR with no DATABASE_URL (embedded broker, PGlite), ports from the bench's port base; time from the spawn to the ready block's last line; then, ` +
        `after ${idleSeconds} s with no load, the memory of the script and every process under it from /proc (PSS from smaps_rollup splits shared pages, ` +
        `so it is the stack's real footprint; the RSS sum counts shared pages once per process); SIGINT, wait for exit 0; then the same on the same DATA_DIR. ` +
        `Output is piped, not a terminal, so log lines are JSON; the line count is the same either way.`,
      measurements,
      notes: [`processes in the tree at idle: ${runs.map((r) => r.later.processes).join(', ')}`],
    };
  },
};
