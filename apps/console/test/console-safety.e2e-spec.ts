import { createServer } from 'node:net';
import { startBroker } from '@app/kafka-broker';
import { afterTest, call, eventually, startTestConsole, TEST_TOKEN, uniqueId, useBroker } from './console-test-kit';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the console keeps writes safe and survives the broker', () => {
  const broker = useBroker();
  const brokers = () => broker().bootstrapServers.split(',');

  it('lets a browser write only with its login cookie plus the CSRF token, and sets an HttpOnly cookie', async () => {
    const server = await startTestConsole(brokers());
    const wrong = await call(server, 'POST', '/api/login', { body: { token: 'not-the-token' } });
    expect(wrong).toMatchObject({ status: 401, body: { message: 'wrong admin token' } });
    const login = await call<{ csrf: string }>(server, 'POST', '/api/login', { body: { token: TEST_TOKEN } });
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^console_session=[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=\//);
    const session = cookie.split(';')[0] ?? '';
    const topic = uniqueId('console-csrf');
    const noCsrf = await call(server, 'POST', '/api/topics', { body: { name: topic, partitions: 1 }, headers: { cookie: session } });
    expect(noCsrf).toMatchObject({ status: 403, body: { message: 'missing or wrong CSRF token (x-csrf-token)' } });
    const withCsrf = await call(server, 'POST', '/api/topics', { body: { name: topic, partitions: 1 }, headers: { cookie: session, 'x-csrf-token': login.body.csrf } });
    expect(withCsrf.status).toBe(201);
    expect((await call(server, 'GET', '/api/session', { headers: { cookie: session } })).body).toMatchObject({ loggedIn: true, csrf: login.body.csrf });
    await call(server, 'POST', '/api/logout', { headers: { cookie: session } });
    expect((await call(server, 'POST', '/api/topics', { body: { name: `${topic}-2`, partitions: 1 }, headers: { cookie: session, 'x-csrf-token': login.body.csrf } })).status).toBe(401);
  });

  it('refuses every write in read-only mode, even with the token, and still reads', async () => {
    const server = await startTestConsole(brokers(), { readOnly: true });
    const refused = await call(server, 'POST', '/api/topics', { body: { name: uniqueId('console-ro'), partitions: 1 }, token: TEST_TOKEN });
    expect(refused).toMatchObject({ status: 403, body: { message: 'writes are off: the console runs in --read-only mode' } });
    expect((await call(server, 'POST', '/api/login', { body: { token: TEST_TOKEN } })).status).toBe(403);
    expect((await call(server, 'GET', '/api/topics')).status).toBe(200);
  });

  it('serves a strict Content-Security-Policy and only its own assets, and answers bad input without a stack trace', async () => {
    const server = await startTestConsole(brokers());
    const page = await call<string>(server, 'GET', '/');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(page.body).not.toMatch(/https?:\/\//);
    const script = await call<string>(server, 'GET', '/assets/console.js');
    expect(script.status).toBe(200);
    expect(script.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const broken = await fetch(`${server.url}/api/topics`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' }, body: '{"name": ' });
    const text = await broken.text();
    expect(broken.status).toBe(400);
    expect(text).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('says the cluster is unreachable while no broker listens, and recovers by itself once one does', async () => {
    const port = await freePort();
    const server = await startTestConsole([`127.0.0.1:${port}`]);
    const down = await call(server, 'GET', '/api/topics');
    expect(down).toMatchObject({ status: 503, body: { message: `the Kafka cluster (127.0.0.1:${port}) is unreachable` } });
    expect((await call(server, 'GET', '/')).status).toBe(200);
    const late = await startBroker({ port });
    afterTest(() => late.close());
    await eventually(async () => ((await call(server, 'GET', '/api/topics')).status === 200 ? true : undefined), 'the console reads topics again');
  });
});
