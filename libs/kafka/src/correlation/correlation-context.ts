import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<string>();

/**
 * The correlation id of the work in progress. Consumers run each handler inside `run` with the message's
 * `correlation-id` header; the producer stamps `get()` on messages that carry none.
 */
export const correlationContext = {
  run<T>(correlationId: string, fn: () => T): T {
    return storage.run(correlationId, fn);
  },
  /** Runs `fn` with `correlationId` as the current id, or with none when it is undefined. */
  runOrClear<T>(correlationId: string | undefined, fn: () => T): T {
    return correlationId === undefined ? storage.exit(fn) : storage.run(correlationId, fn);
  },
  get(): string | undefined {
    return storage.getStore();
  },
};

/** A pino `mixin`: `pino({ mixin: correlationLogMixin })` adds `correlationId` to every line written inside a handler. */
export function correlationLogMixin(): { correlationId?: string } {
  const correlationId = storage.getStore();
  return correlationId === undefined ? {} : { correlationId };
}
