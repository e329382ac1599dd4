import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import request from 'supertest';
import { correlationContext } from '@app/kafka';
import { createServiceApp } from '../bootstrap/create-service-app';
import { createServiceLogger } from '../logging/service-logger';
import { ServiceKitModule } from '../nest/service-kit.module';

class EchoDto {
  @IsString()
  text!: string;
}

/** What `correlationContext` holds in a handler: what logs and produced Kafka messages are stamped with. */
@Controller('context')
class ContextController {
  @Post()
  async afterBody(@Body() _echo: EchoDto): Promise<{ seen: (string | undefined)[] }> {
    const before = correlationContext.get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { seen: [before, correlationContext.get()] };
  }

  @Get()
  withoutBody(): { seen: (string | undefined)[] } {
    return { seen: [correlationContext.get()] };
  }
}

@Module({
  imports: [ServiceKitModule.forRoot({ service: 'context-probe', healthTimeoutMs: 1000, defaultMetrics: false })],
  controllers: [ContextController],
})
class ContextProbeModule {}

describe('a request runs inside its correlation id', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createServiceApp(ContextProbeModule, { logger: createServiceLogger({ service: 'context-probe', level: 'warn' }) });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });

  it('in the handler and after its awaits, once the body has been read', async () => {
    const res = await request(app.getHttpServer()).post('/context').set('x-correlation-id', 'ctx-post-1').send({ text: 'hi' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ seen: ['ctx-post-1', 'ctx-post-1'] });
  });

  it('for a request without a body, and with a made-up id when the caller sent none', async () => {
    const res = await request(app.getHttpServer()).get('/context');
    expect(res.status).toBe(200);
    expect(res.body.seen).toEqual([res.headers['x-correlation-id']]);
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("one request's id never leaks into a concurrent one", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `ctx-par-${i}`);
    const answers = await Promise.all(ids.map((id) => request(app.getHttpServer()).post('/context').set('x-correlation-id', id).send({ text: id })));
    expect(answers.map((res) => res.body.seen)).toEqual(ids.map((id) => [id, id]));
  });
});
