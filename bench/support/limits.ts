import { cpus } from 'node:os';
import { MACHINE } from './cpu';

/** A process whose CPU share is at least this is taken as CPU-bound (Node runs the app on one thread), per process of a pool. */
const CPU_BOUND_SHARE = 0.85;
/** The machine is taken as saturated when its busy CPU is at least this share of all its cores. */
const MACHINE_SATURATED = 0.9;

/**
 * What limited a figure, read from the CPU shares measured over its window: the main process's own core, the
 * machine's cores (and whether our processes or others used them), or neither, which means waiting. Without
 * `mainProcess`, the busiest measured process is taken; `mainProcesses` is how many processes it is (WORKERS).
 */
export function whatLimits(label: string, cpu: Readonly<Record<string, number>> | undefined, mainProcess?: string, mainProcesses = 1): string {
  if (cpu === undefined) return `${label}: no CPU sample`;
  // Without a named main process, the busiest of ours is the candidate bottleneck.
  const main =
    mainProcess ??
    Object.entries(cpu)
      .filter(([name]) => name !== MACHINE)
      .sort(([, a], [, b]) => b - a)[0]?.[0] ??
    'n/a';
  const pct = (share: number) => `${Math.round(share * 100)} %`;
  const cores = cpus().length;
  const machine = cpu[MACHINE];
  const ours = Object.entries(cpu)
    .filter(([name]) => name !== MACHINE)
    .reduce((sum, [, share]) => sum + share, 0);
  const mainShare = cpu[main] ?? 0;
  if (mainShare >= CPU_BOUND_SHARE * mainProcesses) {
    const of = mainProcesses === 1 ? 'of one core' : `over its ${mainProcesses} processes`;
    return `${label}: ${main} was CPU-bound (${pct(mainShare)} ${of}); a CPU profile of it shows where.`;
  }
  if (machine !== undefined && machine >= MACHINE_SATURATED * cores) {
    const others = Math.max(0, machine - ours);
    return `${label}: the machine's ${cores} cores were saturated (${pct(machine)} busy; the measured processes ${pct(ours)}, other processes ${pct(others)}), ${main} only ${pct(mainShare)}: CPU contention limits it${others > 0.3 ? ', much of it from processes outside the benchmark (rerun on a quiet machine)' : ''}.`;
  }
  return `${label}: neither ${main} (${pct(mainShare)}) nor the machine (${machine === undefined ? 'n/a' : pct(machine)} of ${cores} cores) was CPU-bound: it waited (database commits, broker round trips, locks, or batching timers).`;
}
