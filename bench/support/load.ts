import { resolve } from 'node:path';
import type { CpuSubject } from './cpu';
import type { ClosedLoopPlan, ClosedLoopResult, LoadPlan, LoadResult, OpenLoopPlan, OpenLoopResult } from './load-plan';
import { MeasuredRun, runMeasuredWorker } from './measured-worker';

export type { BodySpec, ClosedLoopPlan, ClosedLoopResult, OpenLoopPlan, OpenLoopResult } from './load-plan';

const WORKER = resolve(__dirname, 'load-worker.ts');

/** A load run's answer and the CPU share of every measured process over its window (the generator as `load-generator`). */
export type LoadRun<R extends LoadResult> = MeasuredRun<R>;

/**
 * Runs `plan` in a separate load-worker process and measures the CPU of `subjects` (the processes under test) and
 * of the worker over the measured window (after any warm-up).
 */
export async function runLoad(plan: ClosedLoopPlan, subjects: () => readonly CpuSubject[]): Promise<LoadRun<ClosedLoopResult>>;
export async function runLoad(plan: OpenLoopPlan, subjects: () => readonly CpuSubject[]): Promise<LoadRun<OpenLoopResult>>;
export async function runLoad(plan: LoadPlan, subjects: () => readonly CpuSubject[]): Promise<LoadRun<LoadResult>> {
  const limitSeconds = (plan.kind === 'open' ? plan.warmupSeconds : 0) + plan.durationSeconds + 120;
  return runMeasuredWorker<LoadResult>('load-generator', WORKER, plan, subjects, limitSeconds);
}
