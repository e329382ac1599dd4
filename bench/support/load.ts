import { resolve } from 'node:path';
import { CpuSubject, CpuWindow } from './cpu';
import { ClosedLoopPlan, ClosedLoopResult, LoadPlan, LoadResult, OpenLoopPlan, OpenLoopResult, WorkerMessage } from './load-plan';
import { inheritedEnv, spawnNode, stopProcess } from './processes';

export type { BodySpec, ClosedLoopPlan, ClosedLoopResult, OpenLoopPlan, OpenLoopResult } from './load-plan';

const WORKER = resolve(__dirname, 'load-worker.ts');

/** A load run's answer and the CPU share of every measured process over its window (the generator as `load-generator`). */
export interface LoadRun<R extends LoadResult> {
  readonly result: R;
  readonly cpu: Record<string, number>;
}

/**
 * Runs `plan` in a separate load-worker process and measures the CPU of `subjects` (the processes under test) and
 * of the worker between the worker's `started` and `result` messages.
 */
export async function runLoad(plan: ClosedLoopPlan, subjects: () => readonly CpuSubject[]): Promise<LoadRun<ClosedLoopResult>>;
export async function runLoad(plan: OpenLoopPlan, subjects: () => readonly CpuSubject[]): Promise<LoadRun<OpenLoopResult>>;
export async function runLoad(plan: LoadPlan, subjects: () => readonly CpuSubject[]): Promise<LoadRun<LoadResult>> {
  const worker = spawnNode('load-generator', ['--import', 'tsx', WORKER, JSON.stringify(plan)], inheritedEnv(), true);
  const window = new CpuWindow(() => [...subjects(), worker]);
  const limitMs = ((plan.kind === 'open' ? plan.warmupSeconds : 0) + plan.durationSeconds + 120) * 1000;
  try {
    return await new Promise<LoadRun<LoadResult>>((resolveRun, reject) => {
      const timer = setTimeout(() => reject(new Error(`load worker did not finish within ${limitMs / 1000} s\n${worker.output()}`)), limitMs);
      void worker.exited.then(() => reject(new Error(`load worker exited without a result\n${worker.output()}`)));
      worker.child.on('message', (message: WorkerMessage) => {
        if (message.type === 'started') window.start();
        else if (message.type === 'result') {
          clearTimeout(timer);
          resolveRun({ result: message.result, cpu: window.stop() });
        } else {
          clearTimeout(timer);
          reject(new Error(`load worker failed: ${message.error}`));
        }
      });
    });
  } finally {
    await stopProcess(worker);
  }
}
