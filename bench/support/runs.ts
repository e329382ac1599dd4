import type { Measurement } from '../scenario';
import { medianByKey } from './stats';

/** Runs `measure` `runs` times in sequence (never in parallel: they would share the CPU), logging each run. */
export async function repeat<T>(runs: number, log: (line: string) => void, what: string, measure: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 1; run <= runs; run++) {
    log(`${what}: run ${run}/${runs}`);
    results.push(await measure(run));
  }
  return results;
}

/** A Measurement from per-run results: `pick` one value from each, CPU as the median over runs of each process. */
export function measured<T extends { cpu?: Record<string, number> }>(
  results: readonly T[],
  pick: (result: T) => number,
  fields: Omit<Measurement, 'values' | 'cpu'>,
  withCpu = false,
): Measurement {
  const cpuRecords = results.map((r) => r.cpu).filter((c): c is Record<string, number> => c !== undefined);
  return { ...fields, values: results.map(pick), ...(withCpu && cpuRecords.length > 0 ? { cpu: medianByKey(cpuRecords) } : {}) };
}
