/**
 * The contract between the fault-injection runner (`npm run test:chaos`, test/chaos/run.ts) and each scenario
 * under test/chaos/scenarios/. A scenario runs real processes (broker, services, database), injects its fault,
 * lets the system recover, then checks every order that was answered 201 against the database and the topics.
 * It stops everything it started, also when it fails.
 */
export interface ChaosContext {
  /** Smaller loads, for a quick local check; CI runs the full size. */
  readonly quick: boolean;
  /** PostgreSQL server URL without a database (postgres://postgres@127.0.0.1:5432); scenarios create their own database. */
  readonly postgresUrl: string;
  /** First of 100 TCP ports the scenario may use; nothing else listens there during the run. */
  readonly portBase: number;
  /** A scratch directory of the scenario's own (broker data dir, logs), removed after a passing run. */
  readonly workDir: string;
  /** What the scenario is doing, one line each, printed as it goes. */
  log(line: string): void;
}

/** What the summary table shows for a scenario. */
export interface ChaosOutcome {
  readonly scenario: string;
  /** Orders answered 201. */
  readonly accepted: number;
  readonly paid: number;
  readonly cancelled: number;
  /** Accepted orders that are neither PAID nor CANCELLED at the end, or missing from the database or topics. */
  readonly lost: number;
  /** Orders with more than one payment or more than one PaymentProcessed/PaymentFailed event. */
  readonly paidTwice: number;
  /** Messages in dead-letter topics at the end. */
  readonly deadLettered: number;
  /** From the end of the fault to the system being back at full service (every accepted order settled), ms. */
  readonly recoveryMs: number | null;
  /** Each broken expectation, in words; the run fails when any scenario has one. */
  readonly problems: readonly string[];
  /** Scenario-specific facts worth printing (e.g. '5xx answers: 0', 'kills: 6'). */
  readonly facts: readonly string[];
}

export interface ChaosScenario {
  /** Short id: `npm run test:chaos -- --only <id>`. */
  readonly id: string;
  readonly title: string;
  run(ctx: ChaosContext): Promise<ChaosOutcome>;
}
