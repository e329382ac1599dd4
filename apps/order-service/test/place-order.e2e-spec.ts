import { decodeEvent, Topics } from '@app/contracts';
import { eventually, metricValue, readTopic, startOrderService, useBroker, validOrder } from './order-service-test-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('placing an order', () => {
  const broker = useBroker();

  it('answers 201 with the pending order and publishes OrderCreated keyed by its id, with the correlation id', async () => {
    const service = await startOrderService(broker());
    const body = validOrder();
    const res = await service.http.post('/orders').set('x-correlation-id', 'checkout-3f9a').send(body);

    expect(res.status).toBe(201);
    expect(res.headers['x-correlation-id']).toBe('checkout-3f9a');
    expect(res.body).toEqual({ orderId: expect.stringMatching(UUID), status: 'PENDING', total: 88.99, createdAt: expect.any(String) });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);

    const [record] = await readTopic(broker(), Topics.OrderCreated, 1);
    expect(record.key).toBe(res.body.orderId);
    const event = decodeEvent('OrderCreated', record.value);
    expect(event.correlationId).toBe('checkout-3f9a');
    expect(event.occurredAt).toBe(res.body.createdAt);
    expect(event.data).toEqual({
      orderId: res.body.orderId,
      userId: body.userId,
      items: [
        { productId: 'sku-espresso-beans-1kg', quantity: 2, priceCents: 2450 },
        { productId: 'sku-milk-frother', quantity: 1, priceCents: 3999 },
      ],
      totalCents: 8899,
      currency: 'USD',
    });
    expect(record.headers).toEqual({
      'event-id': event.eventId,
      'event-type': 'OrderCreated',
      'event-version': '1',
      'correlation-id': 'checkout-3f9a',
      'content-type': 'application/json',
    });
    expect(await metricValue(service, 'orders_created_total')).toBe(1);
  });

  it('shows the order by id, and 400 for a malformed id, 404 for an unknown one', async () => {
    const service = await startOrderService(broker());
    const placed = await service.http.post('/orders').send(validOrder('usr_7'));

    const res = await service.http.get(`/orders/${placed.body.orderId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      orderId: placed.body.orderId,
      userId: 'usr_7',
      status: 'PENDING',
      total: 88.99,
      currency: 'USD',
      paymentId: null,
      cancellationReason: null,
      createdAt: placed.body.createdAt,
      updatedAt: placed.body.createdAt,
      items: [
        { productId: 'sku-espresso-beans-1kg', quantity: 2, price: 24.5 },
        { productId: 'sku-milk-frother', quantity: 1, price: 39.99 },
      ],
    });

    const malformed = await service.http.get('/orders/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields).toEqual([{ path: 'id', messages: ['id must be a UUID'] }]);
    const unknown = await service.http.get('/orders/0b5e2d7c-3a41-4d8e-9f6b-2c1d0e9a8b7f');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'ORDER.NOT_FOUND' });
  });

  it("lists a user's orders newest first, a bounded page at a time", async () => {
    const service = await startOrderService(broker());
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await service.http.post('/orders').send(validOrder('usr_pager'))).body.orderId);
    await service.http.post('/orders').send(validOrder('usr_other'));

    const first = await service.http.get('/orders').query({ userId: 'usr_pager', limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await service.http.get('/orders').query({ userId: 'usr_pager', limit: 2, cursor: first.body.nextCursor });
    expect(second.body).toEqual({ orders: [expect.objectContaining({ orderId: ids[0], status: 'PENDING', total: 88.99 })], nextCursor: null });

    expect((await service.http.get('/orders').query({ userId: 'usr_pager', limit: 101 })).status).toBe(400);
    expect((await service.http.get('/orders')).status).toBe(400);
    expect((await service.http.get('/orders').query({ userId: 'usr_pager', cursor: 'garbage' })).status).toBe(400);
    expect((await service.http.get('/orders').query({ userId: 'usr_nobody' })).body).toEqual({ orders: [], nextCursor: null });
  });

  it('is ready once the database and Kafka answer, and exposes its outbox on /metrics', async () => {
    const service = await startOrderService(broker());
    const health = await service.http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });
    expect((await service.http.get('/health/live')).status).toBe(200);

    await service.http.post('/orders').send(validOrder());
    await eventually(async () => ((await metricValue(service, 'outbox_published_total')) === 1 ? true : undefined), 'the order published');
    expect(await metricValue(service, 'outbox_pending_messages')).toBe(0);
  });
});
