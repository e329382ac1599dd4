import type { FastifyInstance, FastifyReply } from 'fastify';
import { ConsoleError } from '../console.errors';
import type { ConsoleContext, Params } from './console-context';
import type { UiAssets } from './ui-assets';

const PAGES = ['/', '/cluster', '/topics', '/groups', '/dead-letters', '/follow'];

/**
 * The single-page UI: the same HTML for every page, which the bundle renders. A URL naming a topic or group that
 * does not exist is answered with status 404 (the page then says so), as a server-rendered console would.
 */
export function registerUiRoutes(app: FastifyInstance, ctx: ConsoleContext, assets: UiAssets): void {
  const page = (reply: FastifyReply, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(assets.html);
  const exists = async (check: () => Promise<boolean>): Promise<boolean> => {
    try {
      return await check();
    } catch (error) {
      // Unreachable: the page loads and says so itself.
      if (error instanceof ConsoleError) return true;
      throw error;
    }
  };
  app.get('/assets/console.js', (_request, reply) => reply.type('text/javascript; charset=utf-8').send(assets.js));
  app.get('/assets/console.css', (_request, reply) => reply.type('text/css; charset=utf-8').send(assets.css));
  for (const path of PAGES) app.get(path, (_request, reply) => page(reply));
  const topicPage = async (topic: string, reply: FastifyReply) => {
    const found = await exists(() => ctx.kafka.withAdmin(async (admin) => (await admin.listTopics()).includes(topic)));
    return page(reply, found ? 200 : 404);
  };
  app.get<{ Params: Params }>('/topics/:topic', (request, reply) => topicPage(request.params.topic ?? '', reply));
  app.get<{ Params: Params }>('/topics/:topic/messages', (request, reply) => topicPage(request.params.topic ?? '', reply));
  app.get<{ Params: Params }>('/dead-letters/:topic', (request, reply) => topicPage(request.params.topic ?? '', reply));
  app.get<{ Params: Params }>('/groups/:group', async (request, reply) => {
    const group = request.params.group ?? '';
    const found = await exists(() => ctx.kafka.withAdmin(async (admin) => (await admin.listGroups()).groups.some((g) => g.groupId === group)));
    return page(reply, found ? 200 : 404);
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return reply.code(404).send({ error: 'CONSOLE.NOT_FOUND', message: `no such API: ${request.method} ${request.url.split('?')[0]}` });
    return page(reply, 404);
  });
}
