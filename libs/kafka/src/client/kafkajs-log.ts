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

/** Routes kafkajs's log entries to `logger` as structured lines instead of its console output. */
export function kafkajsLogCreator(logger: KafkaLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, ...fields } = log;
      const line = `kafkajs ${namespace ? `[${namespace}] ` : ''}${message}`;
      if (level === logLevel.ERROR) logger.error(line, fields);
      else if (level === logLevel.WARN) logger.warn(line, fields);
      else if (level === logLevel.INFO) logger.info(line, fields);
      else logger.debug(line, fields);
    };
}
