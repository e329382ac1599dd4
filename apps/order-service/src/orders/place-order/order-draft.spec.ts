import { decodeEvent, Topics } from '@app/contracts';
import { createValidationPipe } from '@app/service-kit';
import { draftOrder } from './order-draft';
import { MAX_ITEMS, MAX_QUANTITY, PlaceOrderDto } from './place-order.dto';
import { MAX_PRICE } from '../money';

async function validated(body: object): Promise<PlaceOrderDto> {
  return (await createValidationPipe().transform(body, { type: 'body', metatype: PlaceOrderDto })) as PlaceOrderDto;
}

/**
 * draftOrder builds OrderCreated without checking it (createUncheckedEvent): these cases prove that whatever the
 * request DTO accepts, from the smallest to the largest order, becomes an event every consumer decodes.
 */
describe('draftOrder: the OrderCreated of any valid request decodes as consumers decode it', () => {
  const id64 = 'u'.repeat(64);
  it.each<[string, object]>([
    ['the smallest order: one item of 1 cent', { userId: 'u', items: [{ productId: 'p', quantity: 1, price: 0.01 }] }],
    [
      'a free item beside a paid one',
      {
        userId: 'u',
        items: [
          { productId: 'p', quantity: 1, price: 0 },
          { productId: 'q', quantity: 2, price: 3 },
        ],
      },
    ],
    [
      'prices with cents',
      {
        userId: 'usr_42',
        items: [
          { productId: 'sku-1', quantity: 3, price: 19.99 },
          { productId: 'sku:2', quantity: 1, price: 0.01 },
        ],
      },
    ],
    ['the largest order', { userId: id64, items: Array.from({ length: MAX_ITEMS }, (_, i) => ({ productId: `${'p'.repeat(60)}${i}`, quantity: MAX_QUANTITY, price: MAX_PRICE })) }],
  ])('%s', async (_name, body) => {
    const dto = await validated(body);
    const draft = draftOrder(dto, 'req-9f2', 'key-1');
    const message = draft.orderCreated;
    expect(message.topic).toBe(Topics.OrderCreated);
    expect(message.key).toBe(draft.order.id);

    const event = decodeEvent('OrderCreated', message.value);
    expect(event).toMatchObject({ eventType: 'OrderCreated', version: 1, correlationId: 'req-9f2', occurredAt: draft.body.createdAt });
    expect(event.data).toEqual({
      orderId: draft.order.id,
      userId: dto.userId,
      items: dto.items.map((item) => ({ productId: item.productId, quantity: item.quantity, priceCents: Math.round(item.price * 100) })),
      totalCents: draft.order.totalCents,
      currency: 'USD',
    });
    expect(event.data.totalCents).toBe(dto.items.reduce((sum, item) => sum + item.quantity * Math.round(item.price * 100), 0));
    expect(message.headers).toMatchObject({ 'event-id': event.eventId, 'event-type': 'OrderCreated', 'correlation-id': 'req-9f2' });
  });
});
