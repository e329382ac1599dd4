import type { ChaosScenario } from '../scenario';
import { sleep } from '../support/child-process';
import { describeRejected, OrderLoad } from '../support/load';
import { seconds, withStack } from '../support/with-stack';

/** Load without faults after the last restart: the restarted instance must take part again. */
const AFTER_MS = 5000;

/**
 * Two payment-service instances share the order-created partitions (one group, PostgreSQL). While orders flow at
 * 60/s (a few thousand in the full run), one instance at a time is killed with SIGKILL and started again, alternating, every few seconds.
 * A killed instance may have charged a payment without committing its offset: the survivor (or the restarted
 * instance) sees the OrderCreated again, and the payments table's unique order_id plus the outbox must turn that
 * into the same payment, never a second one.
 */
export const killPaymentInstances: ChaosScenario = {
  id: 'kill-payment-instances',
  title: 'kill -9 one of two payment-service instances repeatedly while orders flow',
  run: (ctx) =>
    withStack(ctx, 'kill-payment-instances', { label: 'kill_payment', paymentInstances: 2, settleTimeoutMs: 120_000 }, async (stack) => {
      const faultForMs = ctx.quick ? 15_000 : 50_000;
      const everyMs = ctx.quick ? 5000 : 7000;
      const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 60, concurrency: 16 });
      ctx.log(`placing orders at 60/s; for ${seconds(faultForMs)} killing a payment instance every ${seconds(everyMs)}, then ${seconds(AFTER_MS)} of load without faults`);
      let kills = 0;
      let faultEndedAt = Date.now();
      const restartTimes: number[] = [];
      const faultUntil = Date.now() + faultForMs;
      await sleep(everyMs / 2);
      // Each instance is killed at least once, however slow the restarts on a busy machine.
      while (kills < stack.payments.length || Date.now() < faultUntil) {
        const victim = stack.payments[kills % stack.payments.length];
        await victim.kill();
        kills++;
        const killedAt = Date.now();
        ctx.log(`kill -9 ${victim.instance} (${kills}) after ${load.acceptedCount} orders accepted`);
        await victim.start();
        faultEndedAt = Date.now();
        restartTimes.push(faultEndedAt - killedAt);
        ctx.log(`${victim.instance} healthy again in ${seconds(faultEndedAt - killedAt)}`);
        await sleep(everyMs);
      }
      await sleep(AFTER_MS);
      const report = await load.stop();
      const problems = report.rejected.size > 0 ? [`the order-service, which was not faulted, answered: ${describeRejected(report.rejected)}`] : [];
      return {
        accepted: report.accepted,
        faultEndedAt,
        problems,
        facts: [`kills: ${kills}`, `restart to healthy: max ${seconds(Math.max(...restartTimes, 0))}`],
      };
    }),
};
