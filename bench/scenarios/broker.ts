/**
 * Scenario 5: the broker benchmark of the broker issue (libs/kafka-broker/bench/broker.bench.ts, also
 * `npm run bench:broker`), run as it is in a child process and its phase lines read into this report.
 */
import { resolve } from 'node:path';
import type { BenchContext, BenchScenario, Measurement, ScenarioResult } from '../scenario';
import { inheritedEnv, REPO_ROOT, spawnNode } from '../support/processes';
import { repeat } from '../support/runs';
import { median } from '../support/stats';

const BROKER_BENCH = resolve(REPO_ROOT, 'libs/kafka-broker/bench/broker.bench.ts');
/** One phase line of broker.bench.ts, e.g. `kcat consume (-C -e) 1000000 records 512345 msgs/s 102.5 MB/s broker CPU 3.1 ms/MB (32% of one core)`. */
const PHASE_LINE = /^(.+?)\s+(\d+) records\s+(\d+) msgs\/s\s+([\d.]+) MB\/s\s+broker CPU\s+([\d.]+) ms\/MB \((\d+)% of one core\)$/;

interface Phase {
  name: string;
  msgsPerSecond: number;
  mbPerSecond: number;
  brokerMsPerMb: number;
  brokerShare: number;
}

async function runBrokerBench(env: Record<string, string>): Promise<Phase[]> {
  const proc = spawnNode('broker-bench', ['--import', 'tsx', BROKER_BENCH], { ...inheritedEnv(), ...env });
  await proc.exited;
  if (proc.child.exitCode !== 0) throw new Error(`broker.bench.ts exited ${proc.child.exitCode}\n${proc.output()}`);
  const phases = proc
    .output()
    .split('\n')
    .map((line) => PHASE_LINE.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1].trim(), msgsPerSecond: Number(m[3]), mbPerSecond: Number(m[4]), brokerMsPerMb: Number(m[5]), brokerShare: Number(m[6]) / 100 }));
  if (phases.length === 0) throw new Error(`no phase lines in the broker benchmark's output\n${proc.output()}`);
  return phases;
}

export const brokerScenario: BenchScenario = {
  id: 'broker',
  title: '5. Embedded broker: kafkajs and kcat produce/consume throughput and broker CPU',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const env: Record<string, string> = ctx.quick ? { BENCH_KAFKAJS_RECORDS: '50000', BENCH_KCAT_RECORDS: '200000' } : {};
    const runs = await repeat(ctx.runs, ctx.log, 'libs/kafka-broker/bench/broker.bench.ts', () => runBrokerBench(env));
    const names = runs[0].map((p) => p.name);
    const measurements: Measurement[] = names.flatMap((name) => {
      const phase = runs.map((r) => r.find((p) => p.name === name)).filter((p): p is Phase => p !== undefined);
      return [
        { name: `${name}`, unit: 'msgs/s', better: 'higher' as const, values: phase.map((p) => p.msgsPerSecond), cpu: { broker: median(phase.map((p) => p.brokerShare)) } },
        { name: `${name}: MB/s`, unit: 'MB/s', better: 'higher' as const, values: phase.map((p) => p.mbPerSecond) },
        { name: `${name}: broker CPU per MB`, unit: 'ms/MB', better: 'lower' as const, values: phase.map((p) => p.brokerMsPerMb) },
      ];
    });
    return {
      id: this.id,
      title: this.title,
      method:
        `libs/kafka-broker/bench/broker.bench.ts unchanged (${ctx.quick ? '50,000 kafkajs and 200,000 kcat records' : 'its defaults: 200,000 kafkajs and 1,000,000 kcat records'}, 200-byte records, ` +
        `8 partitions, acks=-1, in-memory broker as a CLI child process). Broker CPU is its own process.cpuUsage over each phase; the clients' CPU is not in this benchmark.`,
      measurements,
      notes: [],
    };
  },
};
