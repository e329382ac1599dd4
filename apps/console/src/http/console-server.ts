import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ConsoleError } from '../console.errors';
import { DeadLetterRedriver } from '../kafka/dead-letters';
import { KafkaConnection } from '../kafka/kafka-connection';
import type { ConsoleConfig } from '../config/console.config';
import type { ConsoleContext } from './console-context';
import { registerLiveRoutes } from './live-routes';
import { registerReadRoutes } from './read-routes';
import { SECURITY_HEADERS, WriteGuard } from './security';
import { registerUiRoutes } from './ui-routes';
import { buildUiAssets } from './ui-assets';
import { registerWriteRoutes } from './write-routes';

export interface ConsoleServer {
  app: FastifyInstance;
  /** `http://host:port` once listening. */
  url: string;
  close(): Promise<void>;
}

/** Builds and starts the console: JSON API under /api, live views under /api/live, the bundled UI everywhere else. */
export async function startConsole(config: ConsoleConfig, logger: Logger): Promise<ConsoleServer> {
  const kafka = new KafkaConnection(config.brokers);
  const ctx: ConsoleContext = { config, kafka, guard: new WriteGuard(config.adminToken, config.readOnly), redriver: new DeadLetterRedriver(config.brokers) };
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ConsoleError) return reply.code(error.status).send({ error: error.code, message: error.message });
    const status = typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ error: 'CONSOLE.BAD_REQUEST', message: error instanceof Error ? error.message : 'bad request' });
    // Logged once here; the browser only learns that it failed.
    logger.error({ err: error, url: request.url }, 'console request failed');
    return reply.code(500).send({ error: 'CONSOLE.INTERNAL', message: 'the console failed to answer; see its log' });
  });
  registerReadRoutes(app, ctx);
  registerWriteRoutes(app, ctx);
  registerLiveRoutes(app, ctx);
  registerUiRoutes(app, ctx, await buildUiAssets());
  const url = await app.listen({ host: config.host, port: config.port });
  return {
    app,
    url,
    async close() {
      await app.close();
      await ctx.redriver.close();
      await kafka.close();
    },
  };
}
