import type { ChaosScenario } from '../scenario';
import { sleep } from '../support/child-process';
import { describeRejected, OrderLoad } from '../support/load';
import { seconds, withStack } from '../support/with-stack';

/** Load before the kill, and after the services are healthy again. */
const BEFORE_MS = 6000;
const AFTER_MS = 8000;

/**
 * The broker (with a data directory) is killed with SIGKILL while orders flow, and started again a few seconds
 * later on the same port and data directory. The order-service keeps accepting orders meanwhile (they wait in its
 * outbox); the services' clients must reconnect by themselves, and every accepted order must settle: nothing the
 * broker acknowledged may be lost with the process, nothing may be paid twice on redelivery.
 */
export const killBroker: ChaosScenario = {
  id: 'kill-broker',
  title: 'kill -9 the broker mid-flow and restart it on the same data dir',
  run: (ctx) =>
    withStack(ctx, 'kill-broker', { label: 'kill_broker', settleTimeoutMs: 120_000 }, async (stack) => {
      const downMs = ctx.quick ? 3000 : 5000;
      const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 50, concurrency: 16 });
      ctx.log(`placing orders at 50/s; killing the broker for ${seconds(downMs)} after ${seconds(BEFORE_MS)}`);
      await sleep(BEFORE_MS);
      await stack.broker.kill();
      const killedAt = Date.now();
      ctx.log(`kill -9 broker after ${load.acceptedCount} orders accepted`);
      await sleep(downMs);
      await stack.broker.start();
      const faultEndedAt = Date.now();
      ctx.log(`broker restarted (same port and data dir) after ${seconds(faultEndedAt - killedAt)}`);
      const services = [stack.orders, ...stack.payments];
      await Promise.all(services.map((service) => service.waitHealthy(60_000)));
      const healthyAfter = Date.now() - faultEndedAt;
      ctx.log(`services healthy ${seconds(healthyAfter)} after the broker restart`);
      await sleep(AFTER_MS);
      const report = await load.stop();
      const exited = services.filter((service) => !service.running).map((service) => service.instance);
      const problems = [
        ...(report.rejected.size > 0 ? [`POST /orders failed while the broker was away (the outbox should absorb it): ${describeRejected(report.rejected)}`] : []),
        ...(exited.length > 0 ? [`services that died: ${exited.join(', ')}`] : []),
      ];
      return {
        accepted: report.accepted,
        faultEndedAt,
        problems,
        facts: [`broker down ${seconds(faultEndedAt - killedAt)}`, `services healthy ${seconds(healthyAfter)} after restart`],
      };
    }),
};
