import { Client } from 'pg';
import type { ChaosScenario } from '../scenario';
import { sleep } from '../support/child-process';
import { describeRejected, OrderLoad } from '../support/load';
import { seconds, withStack } from '../support/with-stack';

/** Load before the first kill, between kills and after the last restart. */
const BETWEEN_MS = 6000;

/**
 * The order-service is killed with SIGKILL while orders are being placed, and started again (twice, once in
 * quick mode). A request that got no answer is not accepted; every request answered 201 was committed with its
 * OrderCreated in the outbox, so the restarted service must publish it and the order must settle. Orders the
 * service committed but could not answer (killed in between) are counted: they must settle too.
 */
export const killOrderService: ChaosScenario = {
  id: 'kill-order-service',
  title: 'kill -9 the order-service during load and restart it',
  run: (ctx) =>
    withStack(ctx, 'kill-order-service', { label: 'kill_order', settleTimeoutMs: 90_000 }, async (stack) => {
      const kills = ctx.quick ? 1 : 2;
      const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 50, concurrency: 16, timeoutMs: 5000 });
      ctx.log(`placing orders at 50/s; killing the order-service ${kills} times, ${seconds(BETWEEN_MS)} apart`);
      let faultEndedAt = Date.now();
      const downtimes: number[] = [];
      for (let kill = 1; kill <= kills; kill++) {
        await sleep(BETWEEN_MS);
        await stack.orders.kill();
        const killedAt = Date.now();
        ctx.log(`kill -9 order-service (${kill}) after ${load.acceptedCount} orders accepted`);
        await sleep(1000);
        await stack.orders.start();
        faultEndedAt = Date.now();
        downtimes.push(faultEndedAt - killedAt);
        ctx.log(`order-service healthy again after ${seconds(faultEndedAt - killedAt)}`);
      }
      const acceptedAtRestart = load.acceptedCount;
      await sleep(BETWEEN_MS);
      const report = await load.stop();
      const unexpected = [...report.rejected].filter(([outcome]) => outcome !== 'no answer');
      const problems = unexpected.length > 0 ? [`answers other than 201 or no answer: ${describeRejected(new Map(unexpected))}`] : [];
      if (report.accepted.size === acceptedAtRestart) problems.push('no order was accepted after the last restart');
      const unanswered = await unansweredOrders(stack.database.url, [...report.accepted.keys()]);
      return {
        accepted: report.accepted,
        faultEndedAt,
        problems,
        facts: [
          `kills: ${kills}`,
          `down (kill to healthy): ${downtimes.map(seconds).join(', ')}`,
          `not accepted: ${describeRejected(report.rejected)}`,
          `committed without an answer: ${unanswered}`,
        ],
      };
    }),
};

/** Orders in the database that no client saw a 201 for (the service died between commit and answer). */
async function unansweredOrders(databaseUrl: string, accepted: readonly string[]): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM order_service.orders WHERE NOT (id = ANY($1::uuid[]))`, [accepted]);
    return Number(rows[0]?.n);
  } finally {
    await db.end();
  }
}
