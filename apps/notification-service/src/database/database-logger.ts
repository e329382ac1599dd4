import type { DatabaseLogger } from '@app/database';
import type { ServiceLogger } from '@app/service-kit';

/** The database lib's warnings and errors as structured service log lines. */
export function databaseLogger(logger: ServiceLogger): DatabaseLogger {
  const child = logger.child({ context: 'Database' });
  return {
    warn: (message, fields) => child.warn(fields ?? {}, message),
    error: (message, fields) => child.error(fields ?? {}, message),
  };
}
