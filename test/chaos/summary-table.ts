import type { ChaosOutcome } from './scenario';

/** A scenario's outcome and how long it ran. */
export interface ScenarioRun {
  readonly outcome: ChaosOutcome;
  readonly durationMs: number;
}

/** True when the scenario broke an expectation: a problem, a lost order or a double payment. */
export function failed(outcome: ChaosOutcome): boolean {
  return outcome.problems.length > 0 || outcome.lost > 0 || outcome.paidTwice > 0;
}

/** The summary table the issue asks for, plus each scenario's facts and problems under it. */
export function summaryTable(runs: readonly ScenarioRun[]): string {
  const header = ['scenario', 'result', 'accepted', 'paid', 'cancelled', 'lost', 'paid twice', 'dead-lettered', 'recovery', 'took'];
  const rows = runs.map(({ outcome, durationMs }) => [
    outcome.scenario,
    failed(outcome) ? 'FAIL' : 'ok',
    String(outcome.accepted),
    String(outcome.paid),
    String(outcome.cancelled),
    String(outcome.lost),
    String(outcome.paidTwice),
    String(outcome.deadLettered),
    outcome.recoveryMs === null ? '-' : `${(outcome.recoveryMs / 1000).toFixed(1)} s`,
    `${(durationMs / 1000).toFixed(0)} s`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ''];
  for (const { outcome } of runs) {
    if (outcome.facts.length > 0) out.push(`${outcome.scenario}: ${outcome.facts.join('; ')}`);
    for (const problem of outcome.problems) out.push(`${outcome.scenario}: PROBLEM: ${problem}`);
  }
  return out.join('\n');
}
