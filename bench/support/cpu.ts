import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat (100 on nearly every Linux). */
const CLOCK_TICKS = readClockTicks();

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat; undefined once it has gone.
 * Read from outside, so it works for any child (compiled services, the broker, load workers) without its help.
 */
export function cpuSecondsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS;
}

/** Name under which a window reports the whole machine's busy CPU (every process, ours or not). */
export const MACHINE = 'machine (all processes)';

/** Busy CPU seconds of the whole machine since boot (all cores), from the first line of /proc/stat. */
export function machineBusySeconds(): number | undefined {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
    void idle;
    void iowait;
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Every process started by `pid`, children and theirs (a service's node:cluster workers), from /proc. */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const pending = [pid];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${next}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${next}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children
        .split(' ')
        .filter((c) => c !== '')
        .map(Number)) {
        found.push(child);
        pending.push(child);
      }
    }
  }
  return found;
}

/** Something whose CPU time is measured: a named child process (its own children counted under its name). */
export interface CpuSubject {
  readonly name: string;
  readonly pid: number;
}

/**
 * CPU used by each subject between `start()` and `stop()`, as a share of one core (0.85 = 85 %). Subjects with the
 * same name are summed (e.g. every PostgreSQL backend of the bench database as `postgres`), and so are a subject's
 * descendants as they were at `start()` (a service's workers under its name). A process that is gone
 * by `stop()` is left out rather than guessed. The whole machine's busy CPU is reported as {@link MACHINE}: well above
 * the sum of ours means other processes competed for the cores during the window.
 */
export class CpuWindow {
  private started = new Map<number, { name: string; cpu: number }>();
  private startedAt = 0;
  private machineStart: number | undefined;

  constructor(private readonly subjects: () => readonly CpuSubject[]) {}

  start(): void {
    this.startedAt = performance.now();
    this.started = new Map();
    for (const { name, pid } of this.subjects()) {
      for (const each of [pid, ...descendantsOf(pid)]) {
        const cpu = cpuSecondsOf(each);
        if (cpu !== undefined) this.started.set(each, { name, cpu });
      }
    }
    this.machineStart = machineBusySeconds();
  }

  stop(): Record<string, number> {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const shares: Record<string, number> = {};
    for (const [pid, { name, cpu }] of this.started) {
      const now = cpuSecondsOf(pid);
      if (now !== undefined && seconds > 0) shares[name] = (shares[name] ?? 0) + (now - cpu) / seconds;
    }
    const machineNow = machineBusySeconds();
    if (this.machineStart !== undefined && machineNow !== undefined && seconds > 0) shares[MACHINE] = (machineNow - this.machineStart) / seconds;
    return shares;
  }
}
