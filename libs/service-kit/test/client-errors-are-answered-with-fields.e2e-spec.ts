import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { LogLine, Seen, startProbeApp } from './service-kit-test-app';

describe('client errors are answered with the fields at fault, never with internals', () => {
  let app: NestFastifyApplication;
  let lines: LogLine[];

  beforeEach(async () => {
    ({ app, lines } = await startProbeApp());
  });
  afterEach(async () => {
    await app.close();
  });

  it("echoes the caller's correlation id and runs the request inside it", async () => {
    const res = await request(app.getHttpServer())
      .post('/probe/baskets')
      .set('x-correlation-id', 'checkout-7f3a')
      .send({ owner: 'u1', lines: [{ sku: 'a', quantity: 1 }] });
    expect(res.status).toBe(201);
    expect(res.headers['x-correlation-id']).toBe('checkout-7f3a');
    expect(res.body).toEqual({ lines: 1, correlationId: 'checkout-7f3a' });
    expect(app.get(Seen).correlationIds).toEqual(['checkout-7f3a']);
  });

  it('makes up a correlation id when the caller sent none or an unusable one', async () => {
    const none = await request(app.getHttpServer()).get('/health/live');
    const bad = await request(app.getHttpServer()).get('/health/live').set('x-correlation-id', 'has spaces');
    expect(none.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 400 with every field at fault', async () => {
    const res = await request(app.getHttpServer())
      .post('/probe/baskets')
      .set('x-correlation-id', 'c-400')
      .send({ owner: 7, extra: true, lines: [{ sku: 'a', quantity: 0 }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'REQUEST.INVALID', correlationId: 'c-400' });
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['extra', 'lines.0.quantity', 'owner']);
  });

  it('answers malformed JSON with 400, a wrong content type with 415 and a too large body with 413', async () => {
    const server = app.getHttpServer();
    const malformed = await request(server).post('/probe/baskets').set('content-type', 'application/json').send('{"owner": "u1",');
    const text = await request(server).post('/probe/baskets').set('content-type', 'text/plain').send('owner=u1');
    const form = await request(server).post('/probe/baskets').type('form').send({ owner: 'u1' });
    const big = await request(server)
      .post('/probe/baskets')
      .send({ owner: 'u1', lines: Array.from({ length: 100 }, () => ({ sku: 'abcdefgh', quantity: 1 })) });
    expect([malformed.status, text.status, form.status, big.status]).toEqual([400, 415, 415, 413]);
    for (const res of [malformed, text, form, big]) {
      expect(res.body).toMatchObject({ statusCode: res.status, correlationId: res.headers['x-correlation-id'] });
    }
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('keeps the message and code of an expected failure', async () => {
    const res = await request(app.getHttpServer()).get('/probe/missing');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, message: 'basket b-1 not found', code: 'BASKET.NOT_FOUND' });
    const unknownRoute = await request(app.getHttpServer()).get('/nowhere');
    expect(unknownRoute.status).toBe(404);
  });

  it('answers an unexpected error with a bare 500 and logs it once with the correlation id', async () => {
    const res = await request(app.getHttpServer()).get('/probe/bug').set('x-correlation-id', 'c-500');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', correlationId: 'c-500' });
    expect(res.text).not.toContain('hunter2');
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ correlationId: 'c-500', service: 'probe-service' });
    expect(errors[0].err?.stack).toContain('hunter2');
  });

  it('answers 503 with Retry-After, not 500, while the database cannot be reached', async () => {
    const res = await request(app.getHttpServer()).get('/probe/database-down').set('x-correlation-id', 'c-503');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'SERVICE.DATABASE_UNAVAILABLE', correlationId: 'c-503' });
    expect(res.text).not.toContain('127.0.0.1');
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines.filter((l) => l.level === 'warn' && l.correlationId === 'c-503')).toHaveLength(1);
  });

  it('exposes request metrics by matched route', async () => {
    await request(app.getHttpServer()).get('/probe/missing');
    const res = await request(app.getHttpServer()).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/^http_request_duration_seconds_count\{service="probe-service",method="GET",route="\/probe\/missing",status_code="404"\} 1$/m);
  });
});
