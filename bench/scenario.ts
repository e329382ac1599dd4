/**
 * The contract between the benchmark runner (`npm run bench`, bench/run.ts) and each scenario under
 * bench/scenarios/. A scenario starts what it measures (as separate processes), measures it `ctx.runs` times and
 * reports every run, so the runner can print the median with its spread. It stops everything it started, also
 * when it fails.
 */
export interface BenchContext {
  /** How many times each figure is measured (at least 3 for the report; 1 with --quick). */
  readonly runs: number;
  /** Shorter durations and smaller backlogs, to check that the scenario works, not to publish numbers. */
  readonly quick: boolean;
  /** PostgreSQL server URL without a database (postgres://postgres@127.0.0.1:5432); scenarios create their own database. */
  readonly postgresUrl: string;
  /** First of 100 TCP ports the scenario may use (services, brokers); nothing else listens there during the run. */
  readonly portBase: number;
  /** A scratch directory of the scenario's own, removed after the run. */
  readonly workDir: string;
  /** Progress for the person watching, one line each. */
  log(line: string): void;
}

/** One figure measured `values.length` times; the report shows the median and the spread (min-max). */
export interface Measurement {
  /** What was measured, e.g. 'POST /orders max throughput (PostgreSQL)'. */
  readonly name: string;
  /** e.g. 'req/s', 'ms', 'orders/s', 'tx/s'. */
  readonly unit: string;
  /** One value per run. */
  readonly values: readonly number[];
  /** Which direction is better, for targets and comparisons. */
  readonly better: 'higher' | 'lower';
  /** A target from the issue this figure is held to, if any. */
  readonly target?: { readonly value: number; readonly label: string };
  /** CPU time per process during the measured window, as a share of one core (0.85 = 85 %), median over runs. */
  readonly cpu?: Readonly<Record<string, number>>;
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  /** How it was measured: load generator, offered rate or concurrency, duration, processes, database. */
  readonly method: string;
  readonly measurements: readonly Measurement[];
  /** What limits the figures (from a profile), ratios worth reading, anything surprising. */
  readonly notes: readonly string[];
}

export interface BenchScenario {
  /** Short id used on the command line: `npm run bench -- --only <id>`. */
  readonly id: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
