import { randomUUID } from 'node:crypto';
import { AnyEvent, createEvent } from '@app/contracts';
import { FOREIGN_CODECS, kafkaPython, kcat, produceWithKafkaPython, produceWithKcat } from '../../support/foreign-producers';
import type { ChaosScenario } from '../scenario';
import { sleep } from '../support/child-process';
import { HealthWatch } from '../support/health-watch';
import { OrderLoad } from '../support/load';
import { withStack } from '../support/with-stack';

const AFTER_MS = 5000;

function foreignOrder(): AnyEvent {
  const data = { orderId: randomUUID(), userId: 'foreign-producer', items: [{ productId: 'sku-foreign', quantity: 2, priceCents: 500 }], totalCents: 1000, currency: 'USD' as const };
  return createEvent('OrderCreated', data, { correlationId: randomUUID() });
}

function foreignPayment(): AnyEvent {
  return createEvent('PaymentProcessed', { orderId: randomUUID(), paymentId: `pay_${randomUUID()}`, amountCents: 1000 }, { correlationId: randomUUID() });
}

/**
 * While orders flow (the payment-service writing its own events with zstd, KAFKA_COMPRESSION), kcat (librdkafka)
 * and kafka-python write OrderCreated and PaymentProcessed records compressed with each of gzip, snappy, lz4 and
 * zstd into `order-created` and `payment-processed`. No consumer may crash on them (`/health` stays 200 on both
 * services), and every accepted order settles, none paid twice. The foreign events name orders the order-service
 * never issued: the payment-service charges them (it cannot know), the order-service dead-letters their outcomes.
 */
export const compressedRecordsScenario: ChaosScenario = {
  id: 'compressed-records',
  title: 'records compressed with every codec by kcat and kafka-python mixed into the flow',
  run: (ctx) =>
    withStack(ctx, 'compressed-records', { label: 'compressed_records', settleTimeoutMs: 120_000, paymentEnv: { KAFKA_COMPRESSION: 'zstd' } }, async (stack) => {
      const problems: string[] = [];
      for (const tool of [kcat, kafkaPython]) if (!tool.available) problems.push(`${tool.name} is not installed (${tool.installHint})`);
      const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 50, concurrency: 16 });
      const [payment] = stack.payments;
      const watches = { 'payment-service': new HealthWatch(payment.url), 'order-service': new HealthWatch(stack.orders.url) };
      for (const watch of Object.values(watches)) watch.start();
      const rounds = ctx.quick ? 1 : 3;
      let foreign = 0;
      await sleep(2000);
      for (let round = 0; round < rounds && problems.length === 0; round++) {
        for (const codec of FOREIGN_CODECS) {
          await produceWithKcat(stack.broker, codec, foreignOrder());
          await produceWithKcat(stack.broker, codec, foreignPayment());
          await produceWithKafkaPython(stack.broker, codec, [foreignOrder(), foreignOrder(), foreignPayment(), foreignPayment()]);
          foreign += 6;
          await sleep(500);
        }
        ctx.log(`round ${round + 1}: ${foreign} foreign compressed records written so far (${load.acceptedCount} orders accepted)`);
      }
      const faultEndedAt = Date.now();
      await sleep(AFTER_MS);
      for (const watch of Object.values(watches)) watch.stop();
      const report = await load.stop();
      for (const [group, watch] of Object.entries(watches)) {
        if (watch.firstDownAt !== undefined) problems.push(`${group}: /health answered 503 (${watch.downBody}): a consumer went down on a compressed record`);
      }
      const exited = [stack.orders, payment].filter((service) => !service.running).map((service) => service.instance);
      if (exited.length > 0) problems.push(`services that died: ${exited.join(', ')}`);
      return {
        accepted: report.accepted,
        faultEndedAt,
        problems,
        facts: [`foreign compressed records: ${foreign} (${FOREIGN_CODECS.join(', ')}; kcat and kafka-python)`, 'payment-service writes zstd'],
      };
    }),
};
