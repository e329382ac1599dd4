import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import request from 'supertest';
import { createServiceApp } from '../bootstrap/create-service-app';
import { createServiceLogger } from '../logging/service-logger';
import { ServiceKitModule } from '../nest/service-kit.module';

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

  @Get()
  list(): never {
    throw new NoteNotFound();
  }
}

class NoteNotFound extends Error {}

@Module({
  imports: [ServiceKitModule.forRoot({ service: 'bodies-probe', healthTimeoutMs: 1000, defaultMetrics: false })],
  controllers: [NotesController],
})
class BodiesProbeModule {}

/** What the body parser used to do for us: encodings, charsets, aborted uploads, HEAD answers. */
describe('request bodies', () => {
  let app: NestFastifyApplication;
  const logged: Array<{ level: string; msg: string }> = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logged.push(JSON.parse(line) as { level: string; msg: string });
        done();
      },
    });
    app = await createServiceApp(BodiesProbeModule, { logger: createServiceLogger({ service: 'bodies-probe', level: 'warn', destination }), bodyLimit: '1kb' });
    await app.init();
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => {
    logged.length = 0;
  });

  /** The bytes as they are (supertest would serialize a Buffer as JSON, given a JSON content type). */
  async function post(body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const server = app.getHttpServer();
    if (!server.listening) await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/notes`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('inflates a gzip body, and applies the size limit to the inflated size', async () => {
    const small = await post(gzipSync(JSON.stringify({ text: 'zipped' })), { 'content-encoding': 'gzip' });
    expect(small.status).toBe(201);
    expect(small.body).toEqual({ text: 'zipped' });
    const bomb = await post(gzipSync(Buffer.concat([Buffer.from('{"text":"'), Buffer.alloc(1024 * 1024, 'a'), Buffer.from('"}')])), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(bomb.body).toMatchObject({ statusCode: 413, code: 'REQUEST.TOO_LARGE', message: 'request body is larger than the limit of 1 KiB' });
  });

  it('answers every body over the limit with the same 413, naming the limit, whichever check found it', async () => {
    const declared = await post(Buffer.from(JSON.stringify({ text: 'x'.repeat(2000) })), {});
    const inflated = await post(gzipSync(JSON.stringify({ text: 'y'.repeat(2000) })), { 'content-encoding': 'gzip' });
    expect([declared.body, inflated.body].map(({ statusCode, code, message }) => ({ statusCode, code, message }))).toEqual([
      { statusCode: 413, code: 'REQUEST.TOO_LARGE', message: 'request body is larger than the limit of 1 KiB' },
      { statusCode: 413, code: 'REQUEST.TOO_LARGE', message: 'request body is larger than the limit of 1 KiB' },
    ]);
  });

  it('answers a body declared over the limit with 413 once it is read off, not with a reset under the sender', async () => {
    await post(Buffer.from('{"text":"t"}'), {});
    const socket = connect((app.getHttpServer().address() as AddressInfo).port, '127.0.0.1');
    let answer = '';
    let failure: Error | undefined;
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', (error) => (failure = error));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((resolve) => socket.once('connect', resolve));
    const size = 8 * 1024 * 1024;
    socket.write(`POST /notes HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\nconnection: close\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, ' ');
    for (let sent = 0; sent < size && failure === undefined && !socket.destroyed; sent += chunk.length) {
      if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
    }
    await closed;
    expect(failure).toBeUndefined();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('request body is larger than the limit of 1 KiB');
  });

  it('refuses an unknown encoding with 415 and a body that does not inflate with 400', async () => {
    const unknown = await post(Buffer.from('{"text":"t"}'), { 'content-encoding': 'compress' });
    const constructor = await post(Buffer.from('{"text":"t"}'), { 'content-encoding': 'constructor' });
    const broken = await post(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    expect([unknown.status, constructor.status, broken.status]).toEqual([415, 415, 400]);
    expect(unknown.body.message).toBe('unsupported content encoding "compress"');
  });

  it('refuses a charset it does not read with 415, and reads UTF-8 with any spelling', async () => {
    const latin1 = await post(Buffer.from('{"text":"t"}'), { 'content-type': 'application/json; charset=latin1' });
    const utf8 = await post(Buffer.from('{"text":"é"}'), { 'content-type': 'application/json; charset="UTF-8"' });
    expect([latin1.status, utf8.status]).toEqual([415, 201]);
    expect(utf8.body).toEqual({ text: 'é' });
  });

  it('answers JSON that is not an object or array, and an empty body, with 400', async () => {
    const scalar = await post(Buffer.from('"text"'), {});
    const empty = await post(Buffer.alloc(0), {});
    expect([scalar.status, empty.status]).toEqual([400, 400]);
    expect(empty.body.fields).toEqual([{ path: 'text', messages: ['text is required'] }]);
  });

  it('answers HEAD, errors included, without announcing a body it does not send', async () => {
    const routed = await request(app.getHttpServer()).head('/notes');
    const unrouted = await request(app.getHttpServer()).head('/nowhere');
    expect([routed.status, unrouted.status]).toEqual([500, 404]);
    expect([routed.headers['content-length'], unrouted.headers['content-length']]).toEqual(['0', undefined]);
  });

  it('takes a client that hangs up mid-body for what it is, not for a database outage', async () => {
    await post(Buffer.from('{"text":"t"}'), {});
    const socket = connect((app.getHttpServer().address() as AddressInfo).port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /notes HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"text":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logged).toEqual([]);
  });
});
