import { errorMessage, KafkaError } from '../kafka.errors';
import type { KafkaLogger } from '../kafka-logger';

export interface StartupRetry {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Runs `connect` until it succeeds, `retry.attempts` times at most with doubling delays, logging one line per
 * failure with the broker list and the cause; then throws `KAFKA.STARTUP_FAILED` naming both. `action` says what
 * was tried ("connect to" by default); with `retryIf`, an error it refuses is thrown at once.
 */
export async function connectWithRetry(
  what: string,
  connect: () => Promise<void>,
  context: {
    brokers: readonly string[];
    retry: StartupRetry;
    logger: KafkaLogger;
    sleep?: (ms: number) => Promise<void>;
    action?: string;
    retryIf?: (error: unknown) => boolean;
  },
): Promise<void> {
  const { brokers, retry, logger } = context;
  const action = context.action ?? 'connect to';
  const sleep = context.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const brokerList = brokers.join(',');
  let lastError: unknown;
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    try {
      await connect();
      return;
    } catch (error) {
      lastError = error;
      if (context.retryIf !== undefined && !context.retryIf(error)) throw error;
      const last = attempt === retry.attempts;
      const delayMs = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 1));
      logger.warn(`Kafka ${what} could not ${action} ${brokerList} (attempt ${attempt}/${retry.attempts}): ${errorMessage(error)}${last ? '' : `; retrying in ${delayMs} ms`}`, {
        brokers: brokerList,
        attempt,
        attempts: retry.attempts,
        cause: errorMessage(error),
      });
      if (!last) await sleep(delayMs);
    }
  }
  throw new KafkaError('KAFKA.STARTUP_FAILED', `Kafka ${what} could not ${action} ${brokerList} after ${retry.attempts} attempts: ${errorMessage(lastError)}`, false, { cause: lastError });
}
