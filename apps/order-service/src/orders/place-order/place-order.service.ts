import { createHash, randomUUID } from 'node:crypto';
import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { createEvent, encodeEvent, Topics } from '@app/contracts';
import { Database, enqueueOutbox, InjectDatabase, Transaction } from '@app/database';
import { buildEventHeaders } from '@app/kafka';
import { fromCents, toCents } from '../money';
import { Order, ORDER_CURRENCY, OrderLine, totalCentsOf } from '../order';
import { OrderMetrics } from '../order-metrics';
import { insertOrder } from '../order.repository';
import { PlacedOrderView } from '../order-views';
import { claimIdempotencyKey, findIdempotencyKey, StoredAnswer } from './idempotency.repository';
import type { PlaceOrderDto } from './place-order.dto';
import { ServiceOutboxRelay } from '@app/service-kit';

/** What `POST /orders` answers: the status code and body, first-time or replayed. */
export interface PlaceOrderAnswer {
  status: number;
  body: PlacedOrderView;
  replayed: boolean;
}

/**
 * Stores a new order as PENDING with its `OrderCreated` event in the outbox, in one transaction, and answers at
 * once: Kafka is reached later by the relay, never while the client waits.
 */
@Injectable()
export class PlaceOrderService {
  constructor(
    @InjectDatabase() private readonly db: Database,
    private readonly outbox: ServiceOutboxRelay,
    private readonly metrics: OrderMetrics,
  ) {}

  async placeOrder(dto: PlaceOrderDto, correlationId: string, idempotencyKey?: string): Promise<PlaceOrderAnswer> {
    const lines: OrderLine[] = dto.items.map((item) => ({ productId: item.productId, quantity: item.quantity, unitPriceCents: centsOf(item.price) }));
    const requestHash = hashRequest(dto.userId, lines);
    if (idempotencyKey !== undefined) {
      const earlier = await findIdempotencyKey(this.db, idempotencyKey);
      if (earlier !== undefined) return replay(earlier, requestHash, idempotencyKey);
    }

    const now = new Date();
    const order: Order = {
      id: randomUUID(),
      userId: dto.userId,
      status: 'PENDING',
      totalCents: totalCentsOf(lines),
      currency: ORDER_CURRENCY,
      paymentId: null,
      cancellationReason: null,
      createdAt: now,
      updatedAt: now,
    };
    const body: PlacedOrderView = { orderId: order.id, status: order.status, total: fromCents(order.totalCents), createdAt: now.toISOString() };

    const outcome = await this.db.transaction(async (tx): Promise<StoredAnswer | 'created'> => {
      if (idempotencyKey !== undefined && !(await claimIdempotencyKey(tx, idempotencyKey, order.id, { requestHash, status: 201, body }))) {
        // A concurrent request with this key committed first (the insert waited for it): answer as it did.
        const winner = await findIdempotencyKey(tx, idempotencyKey);
        if (winner === undefined) throw new Error(`idempotency key ${idempotencyKey} conflicted but cannot be read`);
        return winner;
      }
      await insertOrder(tx, order, lines);
      await this.enqueueOrderCreated(tx, order, lines, correlationId);
      tx.afterCommit(() => this.outbox.wake());
      return 'created';
    });
    if (outcome !== 'created') return replay(outcome, requestHash, idempotencyKey as string);
    this.metrics.ordersCreated.inc();
    return { status: 201, body, replayed: false };
  }

  private async enqueueOrderCreated(tx: Transaction, order: Order, lines: readonly OrderLine[], correlationId: string): Promise<void> {
    const event = createEvent(
      'OrderCreated',
      {
        orderId: order.id,
        userId: order.userId,
        items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, priceCents: l.unitPriceCents })),
        totalCents: order.totalCents,
        currency: ORDER_CURRENCY,
      },
      { correlationId, occurredAt: order.createdAt },
    );
    const headers = buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId });
    await enqueueOutbox(tx, [{ topic: Topics.OrderCreated, key: order.id, value: encodeEvent(event), headers }]);
  }
}

function centsOf(price: number): number {
  const cents = toCents(price);
  // The DTO accepted only prices toCents can convert.
  if (cents === undefined) throw new Error(`price ${price} passed validation but is not a whole number of cents`);
  return cents;
}

/** The same order content hashes the same, however the JSON was spelled (key order, 24.5 vs 24.50). */
function hashRequest(userId: string, lines: readonly OrderLine[]): string {
  const canonical = JSON.stringify([userId, lines.map((l) => [l.productId, l.quantity, l.unitPriceCents])]);
  return createHash('sha256').update(canonical).digest('hex');
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
