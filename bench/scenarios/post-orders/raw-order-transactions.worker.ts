/**
 * The order-service's write without the service: as many concurrent loops as the HTTP load had connections, each
 * running the same transaction a POST /orders runs (the order row, its line, the OrderCreated outbox row) through
 * the same repository and outbox functions, on the same kind of database with the same pool size. Its rate is
 * the database's limit for that transaction, to set beside the service's throughput.
 *   node --import tsx raw-order-transactions.worker.ts '{"database":{...},"concurrency":32,...}'
 */
import { randomUUID } from 'node:crypto';
import { createEvent, encodeEvent, Topics } from '@app/contracts';
import { DatabaseOptions, enqueueOutbox, migrate, openDatabase, silentDatabaseLogger } from '@app/database';
import { buildEventHeaders } from '@app/kafka';
import { orderServiceMigrations } from '../../../apps/order-service/src/migrations';
import { Order, ORDER_CURRENCY, OrderLine, totalCentsOf } from '../../../apps/order-service/src/orders/order';
import { insertOrder } from '../../../apps/order-service/src/orders/order.repository';
import { summarizeLatencies } from '../../support/stats';
import { measuredWorkerMain } from '../../support/worker-main';

export interface RawTransactionsPlan {
  readonly database: Pick<DatabaseOptions, 'schema' | 'url' | 'dataDir'>;
  readonly concurrency: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
}

export interface RawTransactionsResult {
  readonly transactionsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function newOrder(index: number): { order: Order; lines: OrderLine[] } {
  const now = new Date();
  const lines: OrderLine[] = [{ productId: 'sku-bench-1', quantity: 1 + (index % 3), unitPriceCents: 1250 }];
  const order: Order = {
    id: randomUUID(), userId: `bench-raw-${index % 1000}`, status: 'PENDING', totalCents: totalCentsOf(lines), currency: ORDER_CURRENCY,
    paymentId: null, cancellationReason: null, createdAt: now, updatedAt: now,
  };
  return { order, lines };
}

measuredWorkerMain<RawTransactionsPlan, RawTransactionsResult>(async (plan, started) => {
  const db = await openDatabase({ ...plan.database, logger: silentDatabaseLogger });
  await migrate(db, orderServiceMigrations);
  const warmupEnds = performance.now() + plan.warmupSeconds * 1000;
  const ends = warmupEnds + plan.durationSeconds * 1000;
  const latencies: number[] = [];
  let index = 0;
  let warm = false;
  const loop = async (): Promise<void> => {
    for (let now = performance.now(); now < ends; now = performance.now()) {
      // Signalled from the loop, not a timer: PGlite answers in microtasks, so a timer may not run until the end.
      if (!warm && now >= warmupEnds) {
        warm = true;
        started();
      }
      const { order, lines } = newOrder(index++);
      const correlationId = randomUUID();
      const event = createEvent('OrderCreated', { orderId: order.id, userId: order.userId, items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, priceCents: l.unitPriceCents })), totalCents: order.totalCents, currency: ORDER_CURRENCY }, { correlationId, occurredAt: order.createdAt });
      const headers = buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId });
      await db.transaction(async (tx) => {
        await insertOrder(tx, order, lines);
        await enqueueOutbox(tx, [{ topic: Topics.OrderCreated, key: order.id, value: encodeEvent(event), headers }]);
      });
      if (now >= warmupEnds) latencies.push(performance.now() - now);
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  await db.close();
  const summary = summarizeLatencies(latencies);
  return { transactionsPerSecond: latencies.length / plan.durationSeconds, p50Ms: summary.p50, p99Ms: summary.p99 };
});
