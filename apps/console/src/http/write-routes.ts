import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../console.errors';
import { parseRedriveSelection } from '../kafka/dead-letters';
import { deleteGroup, parseReset, resetOffsets } from '../kafka/groups';
import { addPartitions, alterTopicConfigs, createTopic, deleteTopic, requireTopic } from '../kafka/topics';
import type { ConsoleContext, Params } from './console-context';

type Body = Record<string, unknown>;

/** Every write action; each passes the {@link WriteGuard} first (token, CSRF, read-only mode). */
export function registerWriteRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const { kafka, guard } = ctx;
  const body = (request: FastifyRequest): Body => {
    const raw: unknown = request.body;
    if (raw === undefined || raw === null) return {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('the body must be a JSON object');
    return raw as Body;
  };
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.url.startsWith('/api/') && !request.url.startsWith('/api/login') && !request.url.startsWith('/api/logout'))
      guard.assertMayWrite(request);
  });

  app.post('/api/login', async (request, reply) => {
    const { session, csrf } = guard.login(body(request).token);
    guard.setSessionCookie(reply, session);
    return { loggedIn: true, csrf };
  });
  app.post('/api/logout', async (request, reply) => {
    guard.logout(request);
    guard.clearSessionCookie(reply);
    return { loggedIn: false };
  });

  app.post('/api/topics', async (request, reply) => {
    const input = body(request);
    await kafka.withAdmin((admin) => createTopic(admin, { name: input.name, partitions: input.partitions, replicationFactor: input.replicationFactor ?? 1 }));
    return reply.code(201).send({ created: input.name });
  });
  app.delete<{ Params: Params }>('/api/topics/:topic', async (request) => {
    await kafka.withAdmin((admin) => deleteTopic(admin, request.params.topic ?? '', body(request).confirm));
    return { deleted: request.params.topic };
  });
  app.put<{ Params: Params }>('/api/topics/:topic/configs', async (request) => {
    await kafka.withAdmin((admin) => alterTopicConfigs(admin, request.params.topic ?? '', body(request).configs));
    return { updated: request.params.topic };
  });
  app.post<{ Params: Params }>('/api/topics/:topic/partitions', async (request) => {
    await kafka.withAdmin((admin) => addPartitions(admin, request.params.topic ?? '', body(request).count));
    return { updated: request.params.topic };
  });
  app.post<{ Params: Params }>('/api/topics/:topic/messages', async (request, reply) => {
    const topic = request.params.topic ?? '';
    const input = body(request);
    const headers = input.headers ?? {};
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || !Object.values(headers).every((v) => typeof v === 'string'))
      throw badRequest('headers: an object of header name to text');
    if (input.key !== undefined && input.key !== null && typeof input.key !== 'string') throw badRequest('key: text or null');
    if (typeof input.value !== 'string') throw badRequest('value: the record value as text (JSON is sent as typed)');
    const partition = input.partition === undefined || input.partition === '' ? undefined : Number(input.partition);
    if (partition !== undefined && (!Number.isInteger(partition) || partition < 0)) throw badRequest('partition: a partition number');
    await kafka.withAdmin((admin) => requireTopic(admin, topic));
    const [ack] = await kafka.withProducer((producer) =>
      producer.send({
        topic,
        messages: [{ key: typeof input.key === 'string' && input.key !== '' ? input.key : null, value: String(input.value), headers: headers as Record<string, string>, partition }],
      }),
    );
    return reply.code(201).send({ topic, partition: ack?.partition, offset: ack?.baseOffset });
  });

  app.post<{ Params: Params }>('/api/groups/:group/reset', (request) => {
    const reset = parseReset(request.body);
    return kafka.withAdmin((admin) => resetOffsets(admin, request.params.group ?? '', reset));
  });
  app.delete<{ Params: Params }>('/api/groups/:group', async (request) => {
    await kafka.withAdmin((admin) => deleteGroup(admin, request.params.group ?? ''));
    return { deleted: request.params.group };
  });

  app.post<{ Params: Params }>('/api/dead-letters/:topic/redrive', (request) => {
    const selection = parseRedriveSelection(request.body);
    return kafka.withAdmin((admin) => kafka.withFetcher((fetcher) => ctx.redriver.redrive(admin, fetcher, request.params.topic ?? '', selection)));
  });
}
