import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConsoleError } from '../console.errors';
import { endOffsets, parseBrowseQuery, tailOnce } from '../kafka/browse-messages';
import { groupDetail, listGroups } from '../kafka/groups';
import { listTopics } from '../kafka/topics';
import { SECURITY_HEADERS } from './security';
import type { ConsoleContext, Params, Query } from './console-context';

/** An open view polls Kafka at most this often, whatever the browser does. */
export const LIVE_INTERVAL_MS = 1000;

/**
 * Server-sent events: each open view gets one poll loop, started when it connects and stopped when it goes. A
 * poll starts only after the previous one ended and at least {@link LIVE_INTERVAL_MS} after it started.
 */
function stream(request: FastifyRequest, reply: FastifyReply, poll: () => Promise<unknown>): void {
  reply.hijack();
  reply.raw.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
  let open = true;
  let timer: NodeJS.Timeout | undefined;
  request.raw.on('close', () => {
    open = false;
    clearTimeout(timer);
  });
  const send = (event: string, data: unknown): void => {
    if (open) reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const tick = async (): Promise<void> => {
    const started = Date.now();
    try {
      send('data', await poll());
    } catch (error) {
      send('problem', { message: error instanceof ConsoleError ? error.message : 'the poll failed; retrying' });
    }
    if (open) timer = setTimeout(() => void tick(), Math.max(0, LIVE_INTERVAL_MS - (Date.now() - started)));
  };
  void tick();
}

export function registerLiveRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const { kafka } = ctx;
  app.get('/api/live/topics', (request, reply) => stream(request, reply, async () => ({ at: Date.now(), topics: await kafka.withAdmin(listTopics) })));
  app.get('/api/live/groups', (request, reply) => stream(request, reply, async () => ({ at: Date.now(), groups: await kafka.withAdmin(listGroups) })));
  app.get<{ Params: Params }>('/api/live/groups/:group', (request, reply) =>
    stream(request, reply, async () => ({ at: Date.now(), group: await kafka.withAdmin((admin) => groupDetail(admin, request.params.group ?? '')) })),
  );
  app.get<{ Params: Params; Querystring: Query }>('/api/live/topics/:topic/tail', async (request, reply) => {
    const topic = request.params.topic ?? '';
    const { filter } = parseBrowseQuery(request.query);
    // Answered before the stream opens: an unknown topic is a plain 404.
    const positions = await kafka.withAdmin((admin) => endOffsets(admin, topic));
    stream(request, reply, async () => ({ at: Date.now(), records: await kafka.withAdmin((admin) => kafka.withFetcher((fetcher) => tailOnce(admin, fetcher, topic, positions, filter))) }));
  });
}
