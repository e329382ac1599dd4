import type { Measurement, ScenarioResult } from '../scenario';
import { max, median, min } from '../support/stats';
import type { MachineFacts } from './machine-facts';

/** A scenario that threw: reported as such, the other scenarios still run. */
export interface ScenarioFailure {
  readonly id: string;
  readonly title: string;
  readonly error: string;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly command: string;
  readonly runs: number;
  readonly quick: boolean;
  readonly machine: MachineFacts;
  readonly scenarios: readonly ScenarioResult[];
  readonly failures: readonly ScenarioFailure[];
}

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** undefined when the figure has no target. */
  readonly targetMet?: boolean;
}

export function summarize(m: Measurement): Summary {
  const mid = median(m.values);
  const targetMet = m.target === undefined || !Number.isFinite(mid) ? undefined : m.better === 'higher' ? mid >= m.target.value : mid <= m.target.value;
  return { median: mid, min: min(m.values), max: max(m.values), targetMet };
}

/** Three significant figures or so, never scientific notation. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function formatCpu(cpu: Readonly<Record<string, number>> | undefined): string {
  if (cpu === undefined) return '';
  return Object.entries(cpu)
    .sort(([, a], [, b]) => b - a)
    .map(([name, share]) => `${name} ${Math.round(share * 100)}%`)
    .join(', ');
}

function measurementRow(m: Measurement): string[] {
  const s = summarize(m);
  const target = m.target === undefined ? '' : `${s.targetMet === true ? 'met' : s.targetMet === false ? 'MISSED' : 'n/a'} (${m.target.label})`;
  const spread = m.values.length > 1 ? `${formatNumber(s.min)} - ${formatNumber(s.max)}` : '';
  return [m.name, `${formatNumber(s.median)} ${m.unit}`, spread, String(m.values.length), target, formatCpu(m.cpu)];
}

/** An aligned Markdown table: readable in a terminal as printed, and rendered in the .md report. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function scenarioTable(result: ScenarioResult): string {
  const header = ['Figure', 'Median', 'Min - max', 'Runs', 'Target', 'CPU per process (share of one core)'];
  return markdownTable(header, result.measurements.map(measurementRow));
}

export function markdownReport(report: BenchReport): string {
  const m = report.machine;
  const out = [
    `# Benchmark report ${report.startedAt.slice(0, 10)}`,
    '',
    `Command: \`${report.command}\` (${report.quick ? 'quick: 1 short run per figure, not for publishing' : `${report.runs} runs per figure, median shown`}).`,
    `Started ${report.startedAt}, finished ${report.finishedAt}.`,
    '',
    markdownTable(
      ['Machine', ''],
      [
        ['CPU', `${m.cores} cores, ${m.cpuModel}`],
        ['Memory', `${m.memoryGiB} GiB`],
        ['Load average at start', m.loadAverageAtStart.join(' / ')],
        ['OS', m.os],
        ['Node', m.node],
        ['PostgreSQL', m.postgres],
        ['PGlite', m.pglite],
        ['kafkajs', m.kafkajs],
        ['Git commit', m.gitCommit],
      ],
    ),
    '',
    'Every figure is the median of its runs; "Min - max" is the spread over those runs. CPU is the median share of one',
    'core each process used in the measured window (2 cores = 200 %). The load generator is a separate process.',
  ];
  for (const result of report.scenarios) {
    out.push('', `## ${result.title} (\`${result.id}\`)`, '', result.method, '', scenarioTable(result));
    if (result.notes.length > 0) out.push('', ...result.notes.map((n) => `- ${n}`));
  }
  for (const failure of report.failures) {
    out.push('', `## ${failure.title} (\`${failure.id}\`): FAILED`, '', '```', failure.error, '```');
  }
  return `${out.join('\n')}\n`;
}
