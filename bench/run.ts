/**
 * The benchmark runner: `npm run bench -- [--quick] [--runs N] [--only id,...] [--postgres-url URL]`.
 * Runs each scenario in turn (each starts and stops its own processes), prints a table per scenario and writes
 * bench/results/<YYYY-MM-DD>[-suffix].json and .md with the machine's facts. Never part of `npm test`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchReport, markdownReport, scenarioTable, ScenarioFailure } from './report/format-report';
import { machineFacts } from './report/machine-facts';
import type { BenchScenario, ScenarioResult } from './scenario';
import { backlogScenario } from './scenarios/backlog';
import { brokerScenario } from './scenarios/broker';
import { brokersSideBySideScenario } from './scenarios/brokers-side-by-side';
import { endToEndScenario } from './scenarios/end-to-end';
import { kafkajsVersionsScenario } from './scenarios/kafkajs-versions';
import { postOrdersScenario } from './scenarios/post-orders';
import { startUpScenario } from './scenarios/start-up';
import { syncVsEventsScenario } from './scenarios/sync-vs-events';
import { ensureBuilt } from './support/build';
import { killAllChildrenNow } from './support/processes';

/** Every scenario, in the order they run; `--only` picks by id. */
const SCENARIOS: readonly BenchScenario[] = [
  postOrdersScenario,
  syncVsEventsScenario,
  endToEndScenario,
  backlogScenario,
  brokerScenario,
  kafkajsVersionsScenario,
  brokersSideBySideScenario,
  startUpScenario,
];
/** Scenarios run one after another, so each may use the same 100 ports (the bench's range is 4100-4199). */
/** Services listen on PORT_BASE..PORT_BASE+99; BENCH_PORT_BASE moves them (two benches on one machine). */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 4100);

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly only?: readonly string[];
  readonly postgresUrl: string;
}

const USAGE = `usage: npm run bench -- [--quick] [--runs N] [--only ${SCENARIOS.map((s) => s.id).join(',')}] [--postgres-url postgres://user@host:port]`;

function parseOptions(argv: readonly string[]): Options {
  let quick = false;
  let runs: number | undefined;
  let only: string[] | undefined;
  let postgresUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) fail(`${flag} needs a value`);
      return v;
    };
    if (flag === '--quick') quick = true;
    else if (flag === '--runs') {
      runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1 || runs > 20) fail('--runs must be a whole number from 1 to 20');
    } else if (flag === '--only') {
      only = value()
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      const unknown = only.filter((id) => !SCENARIOS.some((s) => s.id === id));
      if (unknown.length > 0) fail(`unknown scenario ${unknown.join(', ')}`);
    } else if (flag === '--postgres-url') {
      postgresUrl = value();
      if (!/^postgres(ql)?:\/\//.test(postgresUrl)) fail('--postgres-url must be a postgres:// URL');
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown option ${JSON.stringify(argv[i])}`);
  }
  return { quick, runs: runs ?? (quick ? 1 : 3), only, postgresUrl };
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function resultFileStem(options: Options, date: string): string {
  if (options.only !== undefined) return `${date}-${options.only.join('+')}${options.quick ? '-quick' : ''}`;
  return options.quick ? `${date}-quick` : date;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const log = (line: string): void => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  // A Ctrl-C must not leave brokers and services behind (they are our children, not a process group's).
  process.once('SIGINT', () => {
    killAllChildrenNow();
    process.exit(130);
  });
  process.on('exit', killAllChildrenNow);

  const startedAt = new Date().toISOString();
  ensureBuilt(log);
  const machine = await machineFacts(options.postgresUrl);
  log(`${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.postgres.split(',')[0]}; ${options.runs} run(s) per figure${options.quick ? ', quick' : ''}`);

  const scenarios: ScenarioResult[] = [];
  const failures: ScenarioFailure[] = [];
  for (const scenario of SCENARIOS.filter((s) => options.only === undefined || options.only.includes(s.id))) {
    const workDir = mkdtempSync(join(tmpdir(), `bench-${scenario.id}-`));
    log(`${scenario.id}: ${scenario.title}`);
    try {
      const result = await scenario.run({
        runs: options.runs,
        quick: options.quick,
        postgresUrl: options.postgresUrl,
        portBase: PORT_BASE,
        workDir,
        log: (line) => log(`${scenario.id}: ${line}`),
      });
      scenarios.push(result);
      console.log(`\n${result.title}\n${scenarioTable(result)}\n${result.notes.map((n) => `- ${n}`).join('\n')}\n`);
    } catch (error) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ id: scenario.id, title: scenario.title, error: text });
      log(`${scenario.id} FAILED: ${text}`);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    runs: options.runs,
    quick: options.quick,
    machine,
    scenarios,
    failures,
  };
  const dir = resolve(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, resultFileStem(options, startedAt.slice(0, 10)));
  writeFileSync(`${stem}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${stem}.md`, markdownReport(report));
  log(`report written to ${stem}.md and .json${failures.length > 0 ? `; ${failures.length} scenario(s) FAILED` : ''}`);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  killAllChildrenNow();
  process.exit(1);
});
