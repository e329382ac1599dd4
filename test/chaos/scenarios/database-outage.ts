import type { ChaosScenario } from '../scenario';
import { sleep, waitFor } from '../support/child-process';
import { describeRejected, failuresBetween, OrderLoad } from '../support/load';
import { TcpProxy } from '../support/proxy';
import { PROXY_PORT } from '../support/stack';
import { seconds, withStack } from '../support/with-stack';

/** Load before the cut, and after the services are healthy again and took an order. */
const BEFORE_MS = 6000;
const AFTER_MS = 6000;

/**
 * The services reach PostgreSQL through a TCP proxy of the scenario's own; while orders flow, the proxy is cut
 * (connections reset, new ones refused) for about ten seconds, then restored. The system PostgreSQL is never
 * touched (others use it). Expected: POST /orders answers 503 while the database is away (not 500, and no hang
 * past the client's timeout), the services come back by themselves, and every accepted order settles.
 */
export const databaseOutage: ChaosScenario = {
  id: 'database-outage',
  title: 'PostgreSQL unreachable for ~10 s during load, then back',
  run: async (ctx) => {
    const server = new URL(ctx.postgresUrl);
    const proxy = new TcpProxy(ctx.portBase + PROXY_PORT, { host: server.hostname, port: Number(server.port || 5432) });
    await proxy.open();
    try {
      return await withStack(ctx, 'database-outage', { label: 'db_outage', databasePort: proxy.port, settleTimeoutMs: 120_000 }, async (stack) => {
        const outageMs = 10_000;
        const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 40, concurrency: 16, timeoutMs: 10_000 });
        ctx.log(`placing orders at 40/s; cutting the database for ${seconds(outageMs)} after ${seconds(BEFORE_MS)}`);
        await sleep(BEFORE_MS);
        await proxy.cut();
        const cutAt = Date.now();
        ctx.log(`database cut after ${load.acceptedCount} orders accepted`);
        await sleep(outageMs);
        await proxy.restore();
        const restoredAt = Date.now();
        ctx.log('database restored');
        // A service that died of the outage is a finding; it is restarted, as an orchestrator would, so that
        // the end check can still tell whether the orders it had accepted survive.
        const services = [stack.orders, ...stack.payments];
        const died = services.filter((service) => !service.running);
        for (const service of died) ctx.log(`${service.instance} died during the outage (${await service.exitDescription()}); restarting it`);
        await Promise.all(died.map((service) => service.start()));
        await Promise.all(services.map((service) => service.waitHealthy(60_000)));
        const healthyAfter = Date.now() - restoredAt;
        const acceptedAtHealthy = load.acceptedCount;
        const firstAccepted = await waitFor(() => (load.acceptedCount > acceptedAtHealthy ? Date.now() : undefined), 'a 201 after the restore', 30_000, 20).catch(() => undefined);
        await sleep(AFTER_MS);
        const report = await load.stop();
        const during = failuresBetween(report, cutAt, restoredAt);
        // Failures after the restore count once the services are healthy again (a died service is a problem of its own).
        const after = failuresBetween(report, restoredAt + healthyAfter + 2000, Date.now());
        const problems = died.map((service) => `${service.instance} died when the database went away instead of answering 503 and waiting (see ${service.logFile})`);
        const server5xx = [...during].filter(([outcome]) => /^5\d\d$/.test(outcome) && outcome !== '503');
        if (server5xx.length > 0) problems.push(`while the database was away POST /orders answered ${describeRejected(new Map(server5xx))}, expected 503`);
        if ((during.get('503') ?? 0) === 0) problems.push(`no 503 while the database was away (${describeRejected(during)})`);
        if (after.size > 0) problems.push(`failures more than 2 s after the services were healthy again: ${describeRejected(after)}`);
        if (firstAccepted === undefined) problems.push('no order accepted within 30 s of the services being healthy again');
        return {
          accepted: report.accepted,
          faultEndedAt: restoredAt,
          problems,
          facts: [
            `answers while cut: ${describeRejected(during)}`,
            `all answers other than 201: ${describeRejected(report.rejected)}`,
            `first 201 ${firstAccepted === undefined ? 'never' : seconds(firstAccepted - restoredAt)} after restore`,
            `services healthy ${seconds(healthyAfter)} after restore`,
            `died and restarted: ${died.map((service) => service.instance).join(', ') || 'none'}`,
          ],
        };
      });
    } finally {
      await proxy.close();
    }
  },
};
