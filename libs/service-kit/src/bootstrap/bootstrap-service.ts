import cluster from 'node:cluster';
import type { INestApplication } from '@nestjs/common';
import type { ServiceLogger } from '../logging/service-logger';
import { runWorkerPool } from './worker-pool';

export interface BootstrapOptions {
  /** Interface to bind, e.g. 127.0.0.1 (the default of every service) or 0.0.0.0 in a container. */
  host: string;
  port: number;
  logger: ServiceLogger;
  /**
   * Processes serving the app (WORKERS). 1, the default: this process. More: this process supervises that many
   * workers (node:cluster), each running the whole app on the shared port; see runWorkerPool. PostgreSQL only.
   */
  workers?: number;
}

/**
 * Starts a created app for real: shutdown hooks for SIGTERM and SIGINT (Kafka consumers drain in
 * `beforeApplicationShutdown`, the producer and then the database close in `onApplicationShutdown`), listens
 * on `host:port` and logs the URL. A failure to start is logged, the app closed, and the process exits with 1
 * (a half-started app may hold connections that would keep it alive).
 */
export async function bootstrapService(createApp: () => Promise<INestApplication>, options: BootstrapOptions): Promise<INestApplication | undefined> {
  if ((options.workers ?? 1) > 1 && cluster.isPrimary) {
    await runWorkerPool({ workers: options.workers as number, logger: options.logger });
    return undefined;
  }
  let app: INestApplication | undefined;
  try {
    app = await createApp();
    if (cluster.isWorker) {
      // The primary turns SIGINT (Ctrl-C reaches the whole process group) into one SIGTERM per worker: a second
      // signal would find Nest's hooks gone and kill the worker mid-drain.
      process.on('SIGINT', () => undefined);
      app.enableShutdownHooks(['SIGTERM']);
    } else {
      app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    }
    await app.listen(options.port, options.host);
    const url = await app.getUrl();
    options.logger.info({ url }, `listening on ${url}`);
    return app;
  } catch (error) {
    options.logger.fatal({ err: error }, 'service failed to start');
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
}
