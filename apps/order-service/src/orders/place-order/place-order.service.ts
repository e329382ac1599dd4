import { Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { Database, GroupCommit, InjectDatabase } from '@app/database';
import { ServiceOutboxRelay } from '@app/service-kit';
import { OrderMetrics } from '../order-metrics';
import { PlacedOrderView } from '../order-views';
import { findIdempotencyKey, StoredAnswer } from './idempotency.repository';
import { draftOrder, OrderDraft } from './order-draft';
import type { PlaceOrderDto } from './place-order.dto';
import { DraftOutcome, writeOrderBatch } from './write-order-batch';

/** What `POST /orders` answers: the status code and body, first-time or replayed. */
export interface PlaceOrderAnswer {
  status: number;
  body: PlacedOrderView;
  replayed: boolean;
}

/**
 * Stores a new order as PENDING with its `OrderCreated` event in the outbox, atomically, and answers at once:
 * Kafka is reached later by the relay, never while the client waits. Concurrent requests share that write (group
 * commit): one statement and one commit for the whole batch.
 */
@Injectable()
export class PlaceOrderService {
  private readonly batcher: GroupCommit<OrderDraft, DraftOutcome>;
  private readonly logger = new Logger(PlaceOrderService.name);

  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly outbox: ServiceOutboxRelay,
    private readonly metrics: OrderMetrics,
  ) {
    this.batcher = new GroupCommit((drafts) => this.writeBatch(drafts), {
      // PGlite runs one transaction at a time: a second batch in flight would only wait for its connection.
      maxConcurrentBatches: db.kind === 'pglite' ? 1 : 2,
      keyOf: (draft) => draft.idempotencyKey,
    });
  }

  async placeOrder(dto: PlaceOrderDto, correlationId: string, idempotencyKey?: string): Promise<PlaceOrderAnswer> {
    const draft = draftOrder(dto, correlationId, idempotencyKey);
    if (idempotencyKey !== undefined) {
      const earlier = await findIdempotencyKey(this.db, idempotencyKey);
      if (earlier !== undefined) return replay(earlier, draft.requestHash, idempotencyKey);
    }
    const outcome = await this.batcher.submit(draft);
    if (!outcome.created) return replay(outcome.earlier, draft.requestHash, idempotencyKey as string);
    this.metrics.ordersCreated.inc();
    this.logger.log({ msg: `order ${draft.body.orderId} accepted`, orderId: draft.body.orderId, total: draft.body.total });
    return { status: 201, body: draft.body, replayed: false };
  }

  private async writeBatch(drafts: readonly OrderDraft[]): Promise<DraftOutcome[]> {
    const outcomes = await writeOrderBatch(this.db, drafts);
    if (outcomes.some((o) => o.created)) this.outbox.wake();
    return outcomes;
  }
}

function replay(earlier: StoredAnswer, requestHash: string, key: string): PlaceOrderAnswer {
  if (earlier.requestHash !== requestHash) {
    throw new UnprocessableEntityException({
      message: `Idempotency-Key ${JSON.stringify(key)} was already used for a different order; send a new key for a new order`,
      code: 'ORDER.IDEMPOTENCY_KEY_REUSED',
    });
  }
  return { status: earlier.status, body: earlier.body as PlacedOrderView, replayed: true };
}
