import { logCreator, logLevel } from 'kafkajs';
import type { KafkaLogger } from '../kafka-logger';
import type { ClientLogLevel } from '../options/kafka-module.options';

export const KAFKAJS_LOG_LEVEL: Record<ClientLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/**
 * kafkajs warns whenever an idempotent producer has a finite retry count. Ours has one on purpose: a send that
 * cannot finish must fail back to the outbox, which keeps the rows and sends them again, and a send answered with
 * a lost sequence replaces the producer (kafkajs-producer.ts), so no guarantee depends on retrying forever.
 * Logged at debug, not as a warning on every start.
 */
const EXPLAINED_WARNINGS = [/^Limiting retries for the idempotent producer/];

/** Routes kafkajs's log entries to `logger` as structured lines instead of its console output. */
export function kafkajsLogCreator(logger: KafkaLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, ...fields } = log;
      const line = `kafkajs ${namespace ? `[${namespace}] ` : ''}${message}`;
      if (level === logLevel.WARN && EXPLAINED_WARNINGS.some((known) => known.test(message))) logger.debug(line, fields);
      else if (level === logLevel.ERROR) logger.error(line, fields);
      else if (level === logLevel.WARN) logger.warn(line, fields);
      else if (level === logLevel.INFO) logger.info(line, fields);
      else logger.debug(line, fields);
    };
}
