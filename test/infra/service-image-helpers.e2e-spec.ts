import { spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

describe('the service image helpers (docker/)', () => {
  let server: Server;
  let status = 200;
  let paths: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(req.url === '/health/live' ? status : 404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(async () => new Promise<void>((done) => server.close(() => done())));

  const exitOf = (command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
    new Promise((done, fail) => {
      const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stderr }));
    });

  it('the health probe passes when GET /health/live answers 2xx on $PORT, and fails otherwise', async () => {
    const port = String((server.address() as AddressInfo).port);
    paths = [];
    status = 200;
    expect((await exitOf('node', ['docker/service-healthcheck.js'], { PORT: port })).code).toBe(0);
    status = 503;
    expect((await exitOf('node', ['docker/service-healthcheck.js'], { PORT: port })).code).toBe(1);
    expect(paths).toEqual(['/health/live', '/health/live']);
  });

  it('the entry point refuses a service that does not exist, naming the ones that do', async () => {
    const result = await exitOf('sh', ['docker/run-service.sh', 'billing-service'], {});
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('order-service|payment-service|notification-service|analytics-service');
  });
});
