import type { FastifyInstance } from 'fastify';
import { followOrder } from '../follow/follow-order';
import { browseMessages, parseBrowseQuery } from '../kafka/browse-messages';
import { deadLettersByError, deadLetterTopics } from '../kafka/dead-letters';
import { groupDetail, listGroups } from '../kafka/groups';
import { clusterView, listTopics, topicDetail } from '../kafka/topics';
import type { ConsoleContext, Params, Query } from './console-context';

/** Every GET of the JSON API; none needs the admin token. */
export function registerReadRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const { kafka } = ctx;
  // The console is up even when Kafka is not: `npm start` waits for this, not for the cluster.
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/api/session', async (request) => ({
    readOnly: ctx.guard.readOnly,
    writesOffBecause: ctx.guard.writesOffBecause,
    loggedIn: ctx.guard.sessionOf(request) !== null,
    csrf: ctx.guard.sessionOf(request)?.csrf ?? null,
    brokers: ctx.config.brokers,
  }));
  app.get('/api/cluster', () => kafka.withAdmin(clusterView));
  app.get('/api/topics', () => kafka.withAdmin(listTopics));
  app.get<{ Params: Params }>('/api/topics/:topic', (request) => kafka.withAdmin((admin) => topicDetail(admin, request.params.topic ?? '')));
  app.get<{ Params: Params; Querystring: Query }>('/api/topics/:topic/messages', (request) => {
    const query = parseBrowseQuery(request.query);
    return kafka.withAdmin((admin) => kafka.withFetcher((fetcher) => browseMessages(admin, fetcher, request.params.topic ?? '', query)));
  });
  app.get('/api/groups', () => kafka.withAdmin(listGroups));
  app.get<{ Params: Params }>('/api/groups/:group', (request) => kafka.withAdmin((admin) => groupDetail(admin, request.params.group ?? '')));
  app.get('/api/dead-letters', () => kafka.withAdmin(deadLetterTopics));
  app.get<{ Params: Params }>('/api/dead-letters/:topic', (request) =>
    kafka.withAdmin((admin) => kafka.withFetcher(async (fetcher) => ({ topic: request.params.topic, groups: await deadLettersByError(admin, fetcher, request.params.topic ?? '') }))),
  );
  app.get<{ Querystring: Query }>('/api/follow', (request) =>
    kafka.withAdmin((admin) => kafka.withFetcher((fetcher) => followOrder(admin, fetcher, ctx.config.orderServiceUrl, (request.query.q ?? '').trim()))),
  );
}
