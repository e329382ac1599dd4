/**
 * The fault-injection suite: `npm run test:chaos [-- --quick] [--only id,id] [--no-build] [--keep]`.
 * Builds the services (they run compiled, see support/build.ts), runs each scenario in turn against real
 * processes, prints what it does as it goes and a summary table at the end, and exits 1 when any scenario lost
 * an order, paid one twice or broke another expectation. README.md says what each scenario does and checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChaosContext, ChaosOutcome, ChaosScenario } from './scenario';
import { compressedRecordsScenario } from './scenarios/compressed-records';
import { databaseOutage } from './scenarios/database-outage';
import { forgedEventsScenario } from './scenarios/forged-events';
import { httpFuzzScenario } from './scenarios/http-fuzz';
import { killApacheNode } from './scenarios/kill-apache-node';
import { killBroker } from './scenarios/kill-broker';
import { killOrderService } from './scenarios/kill-order-service';
import { killPaymentInstances } from './scenarios/kill-payment-instances';
import { malformedBatchScenario } from './scenarios/malformed-batch';
import { poisonMessagesScenario } from './scenarios/poison-messages';
import { buildServices } from './support/build';
import { ChaosProcess } from './support/child-process';
import { writeServiceEntry } from './support/entry';
import { failed, ScenarioRun, summaryTable } from './summary-table';

/** In the order they run: the process and database faults, then the hostile-input ones. */
const SCENARIOS: readonly ChaosScenario[] = [
  killPaymentInstances,
  killOrderService,
  killBroker,
  killApacheNode,
  databaseOutage,
  poisonMessagesScenario,
  compressedRecordsScenario,
  malformedBatchScenario,
  forgedEventsScenario,
  httpFuzzScenario,
];
const ORDER = SCENARIOS.map((scenario) => scenario.id);
/** A scenario past this is stopped and failed, so a hang cannot hold CI (each bounds its own waits well below). */
const QUICK_LIMIT_MS = 4 * 60_000;
const FULL_LIMIT_MS = 6 * 60_000;
/** Services get ports from here (each scenario runs alone, so each gets the same 100); CHAOS_PORT_BASE moves them. */
const PORT_BASE = 4200;

interface Options {
  quick: boolean;
  only: string[] | undefined;
  build: boolean;
  keep: boolean;
  portBase: number;
}

function parseArgs(args: readonly string[], env: NodeJS.ProcessEnv): Options {
  const options: Options = { quick: false, only: undefined, build: true, keep: false, portBase: portBase(env.CHAOS_PORT_BASE) };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--only' && args[i + 1] !== undefined)
      options.only = args[++i]
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
    else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: test:chaos [--quick] [--only id,id] [--no-build] [--keep]`);
  }
  const unknown = (options.only ?? []).filter((id) => !ORDER.includes(id));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${ORDER.join(', ')}`);
  return options;
}

async function runOne(scenario: ChaosScenario, options: Options): Promise<ScenarioRun> {
  const workDir = mkdtempSync(join(tmpdir(), `chaos-${scenario.id}-`));
  const started = Date.now();
  const ctx: ChaosContext = {
    quick: options.quick,
    postgresUrl: process.env.CHAOS_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
    portBase: options.portBase,
    workDir,
    log: (line) => console.log(`[${scenario.id} +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`),
  };
  console.log(`\n== ${scenario.id}: ${scenario.title}${options.quick ? ' (quick)' : ''}`);
  let outcome: ChaosOutcome;
  let timer: NodeJS.Timeout | undefined;
  const limitMs = options.quick ? QUICK_LIMIT_MS : FULL_LIMIT_MS;
  const overdue = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${limitMs / 1000} s: stopped`)), limitMs)));
  try {
    outcome = await Promise.race([scenario.run(ctx), overdue]);
  } catch (error) {
    outcome = crashed(scenario.id, error);
  } finally {
    clearTimeout(timer);
  }
  const leftovers = await ChaosProcess.killLeftovers();
  if (leftovers.length > 0) outcome = { ...outcome, problems: [...outcome.problems, `left running (killed by the runner): ${leftovers.join(', ')}`] };
  if (failed(outcome) || options.keep) ctx.log(`kept ${workDir} (logs, broker data)`);
  else rmSync(workDir, { recursive: true, force: true });
  const run = { outcome, durationMs: Date.now() - started };
  ctx.log(
    `${failed(outcome) ? 'FAILED' : 'passed'}: ${outcome.accepted} accepted, ${outcome.lost} lost, ${outcome.paidTwice} paid twice${outcome.problems.map((p) => `\n  problem: ${p}`).join('')}`,
  );
  return run;
}

function portBase(raw: string | undefined): number {
  if (raw === undefined || raw === '') return PORT_BASE;
  const base = Number(raw);
  if (!Number.isInteger(base) || base < 1024 || base > 65_435) throw new Error(`CHAOS_PORT_BASE must be a port from 1024 to 65435, got ${JSON.stringify(raw)}`);
  return base;
}

function crashed(id: string, error: unknown): ChaosOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { scenario: id, accepted: 0, paid: 0, cancelled: 0, lost: 0, paidTwice: 0, deadLettered: 0, recoveryMs: null, problems: [`crashed: ${message}`], facts: [] };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2), process.env);
  const started = Date.now();
  if (options.build) await buildServices((line) => console.log(line));
  writeServiceEntry();
  const runs: ScenarioRun[] = [];
  for (const scenario of SCENARIOS.filter(({ id }) => options.only === undefined || options.only.includes(id))) runs.push(await runOne(scenario, options));
  console.log(`\n== summary (${runs.length} scenarios${options.quick ? ', quick' : ''}, ${((Date.now() - started) / 1000).toFixed(0)} s in all)\n`);
  console.log(summaryTable(runs));
  const failures = runs.filter((run) => failed(run.outcome)).length;
  console.log(failures === 0 ? '\nall scenarios passed' : `\n${failures} scenario(s) FAILED`);
  return failures === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping`);
    void ChaosProcess.killLeftovers().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    void ChaosProcess.killLeftovers().finally(() => process.exit(1));
  },
);
