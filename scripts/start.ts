/**
 * `npm start`: the embedded Kafka broker (unless KAFKA_BROKERS is set), the business topics, and the four
 * services as child processes, until Ctrl-C. `npm start -- --help` lists the settings.
 */
import { resolve } from 'node:path';
import { loadStartConfig, START_HELP, StartConfig } from './start/config/start.config';
import { fileSink, terminalSink } from './start/log-sink';
import { Supervisor } from './start/supervisor';

async function main(): Promise<number> {
  let config: StartConfig | 'help';
  try {
    config = loadStartConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (config === 'help') {
    process.stdout.write(`${START_HELP}\n`);
    return 0;
  }
  const sources = ['start', ...(config.kafka.kind === 'embedded' ? ['kafka'] : []), ...config.instances.map((i) => i.label)];
  const terminal = terminalSink(sources, config.color);
  const serviceLogs = config.logs === 'files' ? fileSink(resolve(config.dataDir, 'logs')) : terminal;
  const supervisor = new Supervisor(config, terminal, serviceLogs, resolve(__dirname, '..'));
  process.on('SIGINT', () => supervisor.onSignal('SIGINT'));
  process.on('SIGTERM', () => supervisor.onSignal('SIGTERM'));
  // The services have process groups of their own: make sure no crash of this process leaves them running.
  process.on('exit', () => supervisor.killAll());
  void supervisor.start();
  return supervisor.done;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
