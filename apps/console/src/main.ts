import pino from 'pino';
import { CONSOLE_HELP, ConsoleConfigError, loadConsoleConfig } from './config/console.config';
import { startConsole } from './http/console-server';

async function main(): Promise<void> {
  // The services' log shape (level as a word, ISO time, `service`), so `npm start` prints every source alike.
  const logger = pino({
    base: { service: 'console' },
    level: process.env.LOG_LEVEL ?? 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  });
  let config;
  try {
    config = loadConsoleConfig();
  } catch (error) {
    if (error instanceof ConsoleConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config === 'help') {
    process.stdout.write(`${CONSOLE_HELP}\n`);
    return;
  }
  const server = await startConsole(config, logger);
  logger.info({ url: server.url, brokers: config.brokers, readOnly: config.readOnly, writes: config.adminToken !== undefined }, `console listening on ${server.url}`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  process.stderr.write(`console failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
