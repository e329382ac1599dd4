import { Topics } from '@app/contracts';
import type { ChaosScenario } from '../scenario';
import { ApacheClusterProcess } from '../support/apache-cluster';
import { sleep, waitFor } from '../support/child-process';
import { describeRejected, OrderLoad } from '../support/load';
import { BUSINESS_TOPICS } from '../support/topics';
import { seconds, withStack } from '../support/with-stack';

const BEFORE_MS = 6000;
const AFTER_MS = 8000;

/**
 * A 3-node Apache Kafka cluster (KRaft, every topic replicated 3 times, min.insync.replicas=2, acks=all): while
 * orders flow, the node leading the most order-created partitions is killed with SIGKILL, then started again on
 * its data. Leadership moves to the other two; the services must ride through it by themselves; every accepted order
 * settles once; the restarted node catches up until no partition is under-replicated.
 */
export const killApacheNode: ChaosScenario = {
  id: 'kill-apache-node',
  title: 'kill -9 the busiest node of a 3-node Apache Kafka cluster mid-flow, then bring it back',
  run: (ctx) =>
    withStack(ctx, 'kill-apache-node', { label: 'kill_apache_node', settleTimeoutMs: 120_000, apacheNodes: 3, paymentInstances: 2 }, async (stack) => {
      const cluster = stack.broker;
      if (!(cluster instanceof ApacheClusterProcess)) throw new Error('kill-apache-node needs the Apache Kafka stack');
      const downMs = ctx.quick ? 3000 : 8000;
      const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 50, concurrency: 16 });
      await sleep(BEFORE_MS);
      const victim = await cluster.busiestLeader(Topics.OrderCreated);
      await cluster.killNode(victim);
      const killedAt = Date.now();
      ctx.log(`kill -9 node ${victim} (leader of the most order-created partitions) after ${load.acceptedCount} orders accepted`);
      await sleep(downMs);
      await cluster.startNode(victim);
      const faultEndedAt = Date.now();
      ctx.log(`node ${victim} started again on its data after ${seconds(faultEndedAt - killedAt)}`);
      const services = [stack.orders, ...stack.payments];
      await Promise.all(services.map((service) => service.waitHealthy(60_000)));
      await sleep(AFTER_MS);
      const report = await load.stop();
      const caughtUp = await waitFor(async () => ((await cluster.underReplicated(BUSINESS_TOPICS)) === 0 ? Date.now() : undefined), 'every partition back in sync', 120_000).catch(
        () => undefined,
      );
      const exited = services.filter((service) => !service.running).map((service) => service.instance);
      const problems = [
        ...(report.rejected.size > 0 ? [`POST /orders failed while a node was down: ${describeRejected(report.rejected)}`] : []),
        ...(exited.length > 0 ? [`services that died: ${exited.join(', ')}`] : []),
        ...(caughtUp === undefined ? [`node ${victim} never caught up: partitions still under-replicated after 120 s`] : []),
      ];
      return {
        accepted: report.accepted,
        faultEndedAt,
        problems,
        facts: [`node ${victim} down ${seconds(faultEndedAt - killedAt)}`, ...(caughtUp === undefined ? [] : [`in sync ${seconds(caughtUp - faultEndedAt)} after restart`])],
      };
    }),
};
