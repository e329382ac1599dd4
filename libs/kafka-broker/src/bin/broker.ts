/**
 * Standalone broker: `npm run broker -- --help`. Prints the bootstrap servers on stdout, logs
 * JSON lines on stderr, and on SIGINT/SIGTERM closes cleanly (flushing the data dir) and exits 0.
 * Invalid options exit 2. When started with an IPC channel (a benchmark or test parent), it
 * answers `{ type: 'cpu-usage' }` with its own CPU time and exits if the parent goes away.
 */
import { startBroker } from '../broker';
import type { RunningBroker } from '../broker';
import { jsonLogger, silentLogger } from '../logger';
import { parseCliArgs } from './cli-args';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text + '\n');
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`kafka-broker: ${parsed.message}\n`);
    process.exit(2);
  }
  const { options, logLevel } = parsed.config;
  const logger = logLevel === 'silent' ? silentLogger : jsonLogger(logLevel);
  let broker: RunningBroker;
  try {
    broker = await startBroker({ ...options, logger });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`kafka-broker: cannot start: ${e.message}\n`);
    process.exit(e instanceof RangeError ? 2 : 1);
  }
  // first line: what a user copies into a client's bootstrap list
  process.stdout.write(`bootstrap servers: ${broker.bootstrapServers}\n`);
  for (const n of broker.nodes) process.stdout.write(`node ${n.nodeId} listening on ${n.host}:${n.port}\n`);
  logger.info('broker started', {
    bootstrapServers: broker.bootstrapServers,
    dataDir: options.dataDir ?? null,
    nodes: broker.nodes.length,
  });

  let stopping = false;
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('broker stopping', { reason });
    // fsync what was written so far whatever the policy (close alone does not sync the metadata log)
    if (options.dataDir) broker.cluster.flush();
    broker.close().then(
      () => {
        logger.info('broker stopped');
        process.exit(0);
      },
      (err: Error) => {
        logger.error('close failed', { error: err.stack });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  if (process.send) {
    process.on('message', (msg: { type?: string }) => {
      if (msg?.type === 'cpu-usage') process.send?.({ type: 'cpu-usage', usage: process.cpuUsage(), rss: process.memoryUsage().rss });
    });
    process.on('disconnect', () => stop('parent process went away'));
    process.send({ type: 'ready', bootstrapServers: broker.bootstrapServers });
  }
}

void main();
