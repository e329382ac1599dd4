import { CpuSubject, CpuWindow } from './cpu';
import { inheritedEnv, spawnNode, stopProcess } from './processes';
import type { MeasuredWorkerMessage } from './worker-main';

export interface MeasuredRun<R> {
  readonly result: R;
  /** CPU share of one core per process over the worker's window, the worker itself under its own name. */
  readonly cpu: Record<string, number>;
}

/**
 * Runs a TypeScript worker (`node --import tsx <script> <json arg>`) in its own process and measures the CPU of
 * `subjects` and of the worker between its `started` and `result` messages. Fails after `limitSeconds`.
 */
export async function runMeasuredWorker<R>(name: string, script: string, arg: unknown, subjects: () => readonly CpuSubject[], limitSeconds: number): Promise<MeasuredRun<R>> {
  const worker = spawnNode(name, ['--import', 'tsx', script, JSON.stringify(arg)], inheritedEnv(), true);
  const window = new CpuWindow(() => [...subjects(), worker]);
  try {
    return await new Promise<MeasuredRun<R>>((resolveRun, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not finish within ${limitSeconds} s\n${worker.output()}`)), limitSeconds * 1000);
      void worker.exited.then(() => reject(new Error(`${name} exited without a result\n${worker.output()}`)));
      worker.child.on('message', (message: MeasuredWorkerMessage<R>) => {
        if (message.type === 'started') window.start();
        else if (message.type === 'result') {
          clearTimeout(timer);
          resolveRun({ result: message.result, cpu: window.stop() });
        } else {
          clearTimeout(timer);
          reject(new Error(`${name} failed: ${message.error}`));
        }
      });
    });
  } finally {
    await stopProcess(worker);
  }
}
