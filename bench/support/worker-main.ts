/**
 * What a measured worker process sends over IPC: `started` when its measured window opens, then `result` (any
 * JSON) or `failed`. Kept apart from measured-worker.ts so a worker loads nothing of the parent's side.
 */
export type MeasuredWorkerMessage<R> = { type: 'started' } | { type: 'result'; result: R } | { type: 'failed'; error: string };

/** The worker side: reads its JSON argument, runs `work` (which calls `started()`), sends the result or the error. */
export function measuredWorkerMain<A, R>(work: (arg: A, started: () => void) => Promise<R>): void {
  const send = (message: MeasuredWorkerMessage<R>): void => void process.send?.(message);
  Promise.resolve()
    .then(() => work(JSON.parse(process.argv[2] ?? '') as A, () => send({ type: 'started' })))
    .then(
      (result) => send({ type: 'result', result }),
      (error: unknown) => send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
    .finally(() => process.disconnect?.());
}
