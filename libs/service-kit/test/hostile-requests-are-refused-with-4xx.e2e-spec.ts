import { Writable } from 'node:stream';
import { Body, Controller, Get, Module, Param, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import request from 'supertest';
import { createServiceApp, createServiceLogger, ServiceKitModule } from '../src';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../src/bootstrap/create-service-app';

class NoteDto {
  @IsString()
  text!: string;
}

@Controller('notes')
class NotesController {
  @Post()
  create(@Body() note: NoteDto): { text: string } {
    return { text: note.text };
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({
  imports: [ServiceKitModule.forRoot({ service: 'hostile-probe', healthTimeoutMs: 1000, defaultMetrics: false })],
  controllers: [NotesController],
})
class HostileProbeModule {}

/** Found by the http-fuzz chaos scenario: each of these was a 500 before. */
describe('hostile requests are refused with a 4xx, not a 500', () => {
  let app: NestFastifyApplication;
  const errors: string[] = [];

  beforeEach(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.includes('"level":"error"')) errors.push(line);
        done();
      },
    });
    app = await createServiceApp(HostileProbeModule, { logger: createServiceLogger({ service: 'hostile-probe', level: 'warn', destination }) });
    await app.init();
  });
  afterEach(async () => {
    await app.close();
    errors.length = 0;
  });

  it('answers a body nested 10,000 levels deep (20 KB, under the size limit) with 400 naming where', async () => {
    const deep = `{"text":"t","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await request(app.getHttpServer()).post('/notes').set('content-type', 'application/json').send(deep);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'REQUEST.INVALID' });
    expect(res.body.fields[0].path).toMatch(/^x(\.0)+$/);
    expect(res.body.fields[0].messages).toEqual(['body must not be nested deeper than 32 levels']);
    expect(errors).toEqual([]);
  });

  it('still accepts ordinary bodies', async () => {
    const res = await request(app.getHttpServer()).post('/notes').send({ text: 'hello' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ text: 'hello' });
  });

  it.each(['/notes/%00', '/notes/a%00b', '/notes/x?q=%00'])('answers %s (a NUL the database cannot store) with 400', async (url) => {
    const res = await request(app.getHttpServer()).get(url);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ path: 'url', messages: ['url must not contain a NUL character (%00)'] }]);
  });

  it('cuts off clients that dribble their headers or request (slowloris) far sooner than Node does', () => {
    const server = app.getHttpServer();
    expect([server.headersTimeout, server.requestTimeout]).toEqual([HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS]);
    expect(REQUEST_TIMEOUT_MS).toBeLessThan(300_000);
  });
});
