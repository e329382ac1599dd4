/**
 * The order-service's write without the service: as many concurrent loops as the HTTP load had connections, each
 * running the write a POST /orders runs (the order row, its line, the OrderCreated outbox row, in one statement)
 * through the same draft and batch-write functions, one order per write, on the same kind of database with the
 * same pool size. Its rate is the database's limit for that write, to set beside the service's throughput.
 *   node --import tsx raw-order-transactions.worker.ts '{"database":{...},"concurrency":32,...}'
 */
import { randomUUID } from 'node:crypto';
import { DatabaseOptions, migrate, openDatabase, silentDatabaseLogger } from '@app/database';
import { orderServiceMigrations } from '../../../apps/order-service/src/migrations';
import { draftOrder } from '../../../apps/order-service/src/orders/place-order/order-draft';
import type { PlaceOrderDto } from '../../../apps/order-service/src/orders/place-order/place-order.dto';
import { writeOrderBatch } from '../../../apps/order-service/src/orders/place-order/write-order-batch';
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

/** What the validation pipe makes of a POST /orders body. */
function newRequest(index: number): PlaceOrderDto {
  return { userId: `bench-raw-${index % 1000}`, items: [{ productId: 'sku-bench-1', quantity: 1 + (index % 3), price: 12.5 }] };
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
      await writeOrderBatch(db, [draftOrder(newRequest(index++), randomUUID())]);
      if (now >= warmupEnds) latencies.push(performance.now() - now);
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
  await db.close();
  const summary = summarizeLatencies(latencies);
  return { transactionsPerSecond: latencies.length / plan.durationSeconds, p50Ms: summary.p50, p99Ms: summary.p99 };
});
