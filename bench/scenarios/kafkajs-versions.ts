/**
 * kafkajs 2.2.3 against 2.2.4, same workload against the same embedded broker: upstream issue #1556 reports a CPU
 * regression in 2.2.4's request queue. Each version is installed into bench/.cache/kafkajs-<version> (npm install
 * --prefix), never into the root node_modules, so the comparison does not depend on which one package.json pins
 * (2.2.3, since this benchmark found 2.2.4 idling at several times its CPU).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import { runMeasuredWorker } from '../support/measured-worker';
import { ProcessGroup, REPO_ROOT } from '../support/processes';
import { median } from '../support/stats';
import type { KafkajsPhaseResult, KafkajsWorkload, KafkajsWorkloadResult } from './kafkajs-versions/kafkajs-client.worker';

const WORKER = resolve(__dirname, 'kafkajs-versions/kafkajs-client.worker.ts');
const prefixOf = (version: string) => resolve(REPO_ROOT, `bench/.cache/kafkajs-${version}`);
const VERSIONS = [
  { label: '2.2.3', path: resolve(prefixOf('2.2.3'), 'node_modules/kafkajs') },
  { label: '2.2.4', path: resolve(prefixOf('2.2.4'), 'node_modules/kafkajs') },
] as const;

function installVersions(log: (line: string) => void): void {
  for (const { label, path } of VERSIONS) {
    if (existsSync(resolve(path, 'package.json'))) continue;
    log(`npm install --prefix ${prefixOf(label)} kafkajs@${label}`);
    const args = ['install', '--prefix', prefixOf(label), '--no-audit', '--no-fund', '--no-save', `kafkajs@${label}`];
    const installed = spawnSync('npm', args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (installed.status !== 0) throw new Error(`npm install of kafkajs@${label} into ${prefixOf(label)} failed (exit ${installed.status})`);
  }
}

type PhaseName = 'produce' | 'consume' | 'steady' | 'idle';

export const kafkajsVersionsScenario: BenchScenario = {
  id: 'kafkajs-versions',
  title: '6. kafkajs 2.2.3 vs 2.2.4 (upstream issue #1556): client throughput and CPU',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    installVersions(ctx.log);
    const workload = ctx.quick ? { records: 50_000, steadyRate: 1000, steadySeconds: 3, idleSeconds: 3 } : { records: 200_000, steadyRate: 1000, steadySeconds: 10, idleSeconds: 10 };
    const group = new ProcessGroup();
    const results: Record<string, KafkajsWorkloadResult[]> = { '2.2.3': [], '2.2.4': [] };
    try {
      const broker = await group.broker({ port: 0, partitions: 6 });
      for (let run = 1; run <= ctx.runs; run++) {
        // Alternating versions within a run spreads slow drifts of a shared machine over both.
        for (const version of run % 2 === 1 ? VERSIONS : [...VERSIONS].reverse()) {
          ctx.log(`kafkajs ${version.label}: run ${run}/${ctx.runs}`);
          const plan: KafkajsWorkload = { kafkajsPath: version.path, brokers: broker.bootstrapServers, topicPrefix: `kjs-${version.label.replace(/\./g, '')}-${run}`, ...workload };
          const { result } = await runMeasuredWorker<KafkajsWorkloadResult>(`kafkajs-${version.label}`, WORKER, plan, () => [], 600);
          if (result.version !== version.label) throw new Error(`expected kafkajs ${version.label} at ${version.path}, loaded ${result.version}`);
          results[version.label].push(result);
        }
      }
    } finally {
      await group.stopAll();
    }
    const rows: [PhaseName, keyof KafkajsPhaseResult, string, string, 'higher' | 'lower'][] = [
      ['produce', 'msgsPerSecond', `produce ${workload.records} x 200 B (100/batch, 8 in flight, acks=-1)`, 'msgs/s', 'higher'],
      ['produce', 'cpuMsPer1000', 'produce: client CPU', 'ms/1000 msgs', 'lower'],
      ['consume', 'msgsPerSecond', 'consume them (eachBatch)', 'msgs/s', 'higher'],
      ['consume', 'cpuMsPer1000', 'consume: client CPU', 'ms/1000 msgs', 'lower'],
      ['steady', 'cpuShare', `steady ${workload.steadyRate} single-record sends/s: client CPU`, '% core', 'lower'],
      ['idle', 'cpuShare', 'idle producer + consumer connected: client CPU', '% core', 'lower'],
    ];
    const measurements: Measurement[] = rows.flatMap(([phase, key, name, unit, better]) =>
      VERSIONS.map((v) => ({ name: `${v.label}: ${name}`, unit, better, values: results[v.label].map((r) => (unit === '% core' ? 100 : 1) * r[phase][key]) })),
    );
    return { id: this.id, title: this.title, method: methodText(workload), measurements, notes: verdict(results['2.2.3'], results['2.2.4']) };
  },
};

function methodText(w: { records: number; steadyRate: number; steadySeconds: number; idleSeconds: number }): string {
  return (
    `One embedded broker (CLI child process, in memory, 6 partitions); per run each version in its own client process (order alternating between runs), ` +
    `same workload: produce ${w.records} records, consume them, ${w.steadyRate} single-record sends/s for ${w.steadySeconds} s, then ${w.idleSeconds} s idle with a producer and ` +
    `a running consumer connected. Client CPU is the worker's process.cpuUsage over each phase. each version from its own bench/.cache/kafkajs-<version>.`
  );
}

/**
 * Which version did better. A difference counts only when the two versions' ranges over the runs do not overlap
 * (with 3 runs on a shared machine, anything less is noise). Client CPU decides: the better version is clearly
 * lower in at least one phase (idle and steady are where #1556 shows) and clearly higher in none; a clear
 * throughput loss of over 10 % blocks the verdict.
 */
function verdict(old: readonly KafkajsWorkloadResult[], current: readonly KafkajsWorkloadResult[]): string[] {
  const values = (rs: readonly KafkajsWorkloadResult[], phase: PhaseName, key: keyof KafkajsPhaseResult) => rs.map((r) => r[phase][key]);
  const m = (rs: readonly KafkajsWorkloadResult[], phase: PhaseName, key: keyof KafkajsPhaseResult) => median(values(rs, phase, key));
  /** a is below b in every run: a's worst run beats b's best. */
  const clearlyBelow = (a: number[], b: number[], margin = 1) => Math.max(...a) < margin * Math.min(...b);
  const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${Math.round(((b - a) / a) * 100)} %`;
  const share = (v: number) => `${(v * 100).toFixed(1)} %`;
  const lines = (['produce', 'consume'] as const).map(
    (p) =>
      `${p}, 2.2.4 against 2.2.3 (medians): throughput ${pct(m(old, p, 'msgsPerSecond'), m(current, p, 'msgsPerSecond'))}, client CPU per message ${pct(m(old, p, 'cpuMsPer1000'), m(current, p, 'cpuMsPer1000'))}`,
  );
  lines.push(
    `client CPU idle: 2.2.3 ${share(m(old, 'idle', 'cpuShare'))} of a core, 2.2.4 ${share(m(current, 'idle', 'cpuShare'))}; at steady single-record sends: 2.2.3 ${share(m(old, 'steady', 'cpuShare'))}, 2.2.4 ${share(m(current, 'steady', 'cpuShare'))}. A service holds several such connections (producer, consumer groups, retry topics), each paying the idle cost.`,
  );
  if (old.length < 3) {
    lines.push('Verdict: needs at least 3 runs per version (run without --quick).');
    return lines;
  }
  const cpuPhases: [PhaseName, keyof KafkajsPhaseResult][] = [
    ['produce', 'cpuMsPer1000'],
    ['consume', 'cpuMsPer1000'],
    ['steady', 'cpuShare'],
    ['idle', 'cpuShare'],
  ];
  const winsOf = (a: typeof old, b: typeof old) => cpuPhases.filter(([p, k]) => clearlyBelow(values(a, p, k), values(b, p, k))).map(([p]) => p);
  const oldWins = winsOf(old, current);
  const newWins = winsOf(current, old);
  const better = oldWins.length > 0 && newWins.length === 0 ? '2.2.3' : newWins.length > 0 && oldWins.length === 0 ? '2.2.4' : undefined;
  if (better === undefined) {
    lines.push(
      `Verdict: no clear winner (2.2.3 clearly lower CPU in: ${oldWins.join(', ') || 'none'}; 2.2.4 in: ${newWins.join(', ') || 'none'}); keep the pin and rerun on a quiet machine.`,
    );
    return lines;
  }
  const [winner, loser] = better === '2.2.3' ? [old, current] : [current, old];
  const slower = (['produce', 'consume'] as const).filter((p) => clearlyBelow(values(winner, p, 'msgsPerSecond'), values(loser, p, 'msgsPerSecond'), 0.9));
  lines.push(
    slower.length === 0
      ? `Verdict: kafkajs ${better}: clearly less client CPU (${(better === '2.2.3' ? oldWins : newWins).join(', ')}; ranges over the runs do not overlap), no clear difference elsewhere and no clear throughput loss: pin "kafkajs": "${better}".`
      : `Verdict: kafkajs ${better} uses clearly less client CPU, but its ${slower.join(' and ')} throughput was clearly over 10 % lower; rerun on a quiet machine before pinning.`,
  );
  return lines;
}
