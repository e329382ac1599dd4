import cluster, { Worker } from 'node:cluster';
import type { ServiceLogger } from '../logging/service-logger';
import { servePrimaryMetrics } from '../metrics/cluster-metrics';

export interface WorkerPoolOptions {
  /** How many worker processes to keep running (2 or more). */
  workers: number;
  logger: ServiceLogger;
  /** A worker that does not exit this long after SIGTERM is killed. Default 30 s. */
  shutdownTimeoutMs?: number;
}

/** More crashes than this within {@link CRASH_WINDOW_MS} stop the pool: the service cannot run (bad config, database gone). */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1_000;

/**
 * The primary process of a service started with WORKERS > 1 (node:cluster): forks that many workers, each of them
 * the whole service (HTTP on the shared port, its own Kafka consumers in the service's group, its own outbox relay
 * and database pool); the primary itself only supervises. A worker that dies is replaced after a second; more than
 * five deaths in a minute stop the pool with exit code 1. SIGTERM or SIGINT becomes a SIGTERM to every worker, which drains
 * as a single-process service does; the primary exits when they all have (killing any still there after the
 * timeout). `GET /metrics` on any worker answers for all of them (see cluster-metrics).
 *
 * Only for services on PostgreSQL: PGlite lives inside one process and cannot be shared (the settings refuse it).
 */
export function runWorkerPool(options: WorkerPoolOptions): Promise<void> {
  const { workers, logger } = options;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 30_000;
  const crashes: number[] = [];
  let stopping = false;
  let exitCode = 0;

  servePrimaryMetrics();

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', (address) => logger.info({ worker: worker.id, pid: worker.process.pid, port: address.port }, 'worker listening'));
    return worker;
  };

  return new Promise<void>((resolve) => {
    const finish = (): void => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      logger.info({ exitCode }, 'all workers stopped');
      resolve();
      process.exit(exitCode);
    };

    const stop = (signal: NodeJS.Signals, code: number): void => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      logger.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'stopping workers');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) {
          logger.error({ worker: worker?.id, pid: worker?.process.pid }, `worker still running ${shutdownTimeoutMs} ms after ${signal}: killed`);
          worker?.process.kill('SIGKILL');
        }
      }, shutdownTimeoutMs).unref();
      finish();
    };

    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        finish();
        return;
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_CRASHES) {
        logger.fatal({ worker: worker.id, code, signal, crashes: crashes.length }, `workers died ${crashes.length} times within ${CRASH_WINDOW_MS / 1000} s: stopping`);
        stop('SIGTERM', 1);
        return;
      }
      logger.error({ worker: worker.id, pid: worker.process.pid, code, signal }, `worker died; starting another in ${RESTART_DELAY_MS} ms`);
      setTimeout(() => {
        if (!stopping) fork();
      }, RESTART_DELAY_MS);
    });

    process.on('SIGTERM', () => stop('SIGTERM', 0));
    process.on('SIGINT', () => stop('SIGINT', 0));
    logger.info({ workers, pid: process.pid }, `starting ${workers} workers`);
    for (let i = 0; i < workers; i += 1) fork();
  });
}
