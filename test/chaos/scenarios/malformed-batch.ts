import { UndecodableHeaders } from '@app/kafka';
import { Malformation, produceMalformedBatch } from '../../support/malformed-batch';
import type { ChaosScenario } from '../scenario';
import { sleep, waitFor } from '../support/child-process';
import { HealthWatch } from '../support/health-watch';
import { OrderLoad } from '../support/load';
import { readTopicsWithHeaders } from '../support/poison-dead-letters';
import { seconds, withStack } from '../support/with-stack';

const BEFORE_MS = 4000;
const AFTER_MS = 6000;

/**
 * While orders flow, a record batch no client can decode (a zstd batch whose payload is no zstd frame, with a
 * right CRC, written by a bare Produce request) lands in `order-created` and another (a record count higher than
 * its records) in `payment-processed`. The payment- and order-service consumers crash on them; the lib must
 * restart them, dead-letter each batch whole and move past it. Checked: each service's `/health` answered 503
 * naming its group while its consumer was down and 200 again after, each batch is in its dead-letter topic, and
 * every accepted order settles (none lost, none paid twice).
 */
export const malformedBatchScenario: ChaosScenario = {
  id: 'malformed-batch',
  title: 'undecodable record batches in order-created and payment-processed mid-flow',
  run: (ctx) =>
    withStack(ctx, 'malformed-batch', { label: 'malformed_batch', settleTimeoutMs: 120_000 }, async (stack) => {
      const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 50, concurrency: 16 });
      const [payment] = stack.payments;
      const watches = { 'payment-service': new HealthWatch(payment.url), 'order-service': new HealthWatch(stack.orders.url) };
      for (const watch of Object.values(watches)) watch.start();
      await sleep(BEFORE_MS);
      const bad: [string, Malformation][] = [
        ['order-created', 'corrupt-zstd'],
        ['payment-processed', 'record-count-too-high'],
      ];
      for (const [topic, kind] of bad) {
        const offset = await produceMalformedBatch(stack.broker.bootstrapServers, topic, 0, kind);
        ctx.log(`wrote a ${kind} batch to ${topic}[0] at offset ${offset} after ${load.acceptedCount} orders accepted`);
      }
      const faultAt = Date.now();
      const problems: string[] = [];
      await waitFor(() => (Object.values(watches).every((w) => w.upAgainAt !== undefined) ? true : undefined), 'both services healthy again', 90_000).catch(() => undefined);
      for (const [group, watch] of Object.entries(watches)) {
        if (watch.firstDownAt === undefined) problems.push(`${group}: /health never answered 503 while its consumer was down`);
        else if (!new RegExp(`${group}: (crashed|restarting)`).test(watch.downBody ?? '')) problems.push(`${group}: /health 503 did not name the group and reason: ${watch.downBody}`);
        if (watch.upAgainAt === undefined) problems.push(`${group}: /health did not answer 200 again within 90 s`);
      }
      const faultEndedAt = Math.max(...Object.values(watches).map((w) => w.upAgainAt ?? Date.now()));
      await sleep(AFTER_MS);
      for (const watch of Object.values(watches)) watch.stop();
      const report = await load.stop();

      // /health can be 200 again before the consumer reaches the bad batch (good batches before it come first): the
      // dead letter may arrive a while later.
      const deadLetterOf = async (topic: string) =>
        (await readTopicsWithHeaders(stack.broker.bootstrapServers, [`${topic}-dlq`])).find((r) => r.topic === `${topic}-dlq` && r.headers[UndecodableHeaders.Raw] === 'true');
      for (const [topic] of bad) {
        const found = await waitFor(() => deadLetterOf(topic), `the dead letter of the undecodable batch in ${topic}-dlq`, 60_000, 1000).catch(() => undefined);
        if (found === undefined) problems.push(`no dead letter of the undecodable batch in ${topic}-dlq within 60 s`);
      }
      return {
        accepted: report.accepted,
        faultEndedAt,
        problems,
        facts: Object.entries(watches).map(([group, w]) =>
          w.firstDownAt === undefined ? `${group}: never 503` : `${group}: 503 after ${seconds(w.firstDownAt - faultAt)}, 200 again after ${seconds((w.upAgainAt ?? Date.now()) - faultAt)}`,
        ),
      };
    }),
};
