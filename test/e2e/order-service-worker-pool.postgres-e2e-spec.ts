import { Topics } from '@app/contracts';
import { eventually, readTopic, testDatabaseUrl, testSchema, useBroker } from '../support/service-test-kit';
import { startChildService } from './support/child-service';
import { orderRequest } from './support/orders';
import { describeOnPostgres } from '../../libs/database/test/postgres-only';

const ORDERS = 60;

interface WorkerStarted {
  worker: number;
  pid: number;
}

/** The primary's "worker listening" lines: which workers serve, with their pids. */
function workersIn(output: string): WorkerStarted[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"msg":"worker listening"'))
    .map((line) => JSON.parse(line) as WorkerStarted);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** POST /orders answered 201, as the merged histogram of all workers counts them. */
function created(metrics: string): number {
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith('http_request_duration_seconds_count{') && l.includes('method="POST"') && l.includes('route="/orders"') && l.includes('status_code="201"'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function post(url: string, body: unknown): Promise<{ status: number; orderId?: string }> {
  const response = await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { orderId?: string };
  return { status: response.status, orderId: answer.orderId };
}

describeOnPostgres('order-service with WORKERS=2 (node:cluster)', 'the workers share one database', () => {
  const broker = useBroker();

  it('serves on one port from two workers, counts every request in /metrics, replaces a killed worker and stops on SIGTERM', async () => {
    const service = await startChildService('order-service', {
      KAFKA_BROKERS: broker().bootstrapServers,
      DATABASE_URL: testDatabaseUrl ?? '',
      TEST_SCHEMA: testSchema('order_pool'),
      WORKERS: '2',
    });
    const started = await eventually(() => {
      const workers = workersIn(service.output());
      return workers.length === 2 ? workers : undefined;
    }, 'both workers to listen');
    expect(new Set(started.map((w) => w.pid)).size).toBe(2);

    const answers = await Promise.all(Array.from({ length: ORDERS }, () => post(service.url, orderRequest())));
    expect(answers.map((a) => a.status)).toEqual(Array(ORDERS).fill(201));
    // Each worker's outbox relay publishes what its worker committed: all of them reach the topic once.
    const published = await readTopic(broker(), Topics.OrderCreated, ORDERS);
    expect(new Set(published.map((r) => r.key)).size).toBe(ORDERS);
    expect(new Set(published.map((r) => r.key))).toEqual(new Set(answers.map((a) => a.orderId)));

    // Whichever worker a scrape reaches, it answers for both.
    for (let scrape = 0; scrape < 4; scrape += 1) {
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(created(metrics)).toBe(ORDERS);
    }

    const victim = started[0];
    process.kill(victim.pid, 'SIGKILL');
    const replaced = await eventually(() => {
      const workers = workersIn(service.output());
      return workers.length === 3 ? workers[2] : undefined;
    }, 'a new worker in place of the killed one');
    expect(service.output()).toContain('"msg":"worker died; starting another in 1000 ms"');
    expect(started.map((w) => w.pid)).not.toContain(replaced.pid);
    expect((await post(service.url, orderRequest())).status).toBe(201);

    await service.stop();
    const exit = await service.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.output()).toContain('"msg":"all workers stopped"');
    for (const pid of [started[1].pid, replaced.pid]) expect(isAlive(pid)).toBe(false);
  });
});
