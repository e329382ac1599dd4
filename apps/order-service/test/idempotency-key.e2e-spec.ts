import { Topics } from '@app/contracts';
import { eventually, metricValue, publishPaymentResult, readTopic, recordCount, startOrderService, testKafka, uniqueName, useBroker, validOrder } from './order-service-test-kit';

describe('Idempotency-Key', () => {
  const broker = useBroker();

  it('answers a retry with the same key and body exactly as the first time, with one order', async () => {
    const service = await startOrderService(broker());
    const key = uniqueName('checkout');
    const body = validOrder();
    const first = await service.http.post('/orders').set('idempotency-key', key).send(body);
    // The same order written differently: other key order, 24.50 for 24.5.
    const sameOrder = { items: body.items.map(({ price, quantity, productId }) => ({ price, quantity, productId })), userId: body.userId };
    const retry = await service.http.post('/orders').set('idempotency-key', key).set('content-type', 'application/json').send(JSON.stringify(sameOrder).replace('24.5', '24.50'));

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const listed = await service.http.get('/orders').query({ userId: body.userId });
    expect(listed.body.orders.map((o: { orderId: string }) => o.orderId)).toEqual([first.body.orderId]);
    expect(await metricValue(service, 'orders_created_total')).toBe(1);
  });

  it('keeps giving the first answer after the order was paid', async () => {
    const service = await startOrderService(broker());
    const key = uniqueName('checkout');
    const first = await service.http.post('/orders').set('idempotency-key', key).send(validOrder('usr_a'));
    await publishPaymentResult(broker(), 'PaymentProcessed', { orderId: first.body.orderId, paymentId: 'pay_1', amountCents: 8899 });
    await eventually(async () => ((await service.http.get(`/orders/${first.body.orderId}`)).body.status === 'PAID' ? true : undefined), 'the order paid');

    const retry = await service.http.post('/orders').set('idempotency-key', key).send(validOrder('usr_a'));
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
  });

  it('refuses the same key with a different order, with a message that says why', async () => {
    const service = await startOrderService(broker());
    const key = uniqueName('checkout');
    const body = validOrder();
    await service.http.post('/orders').set('idempotency-key', key).send(body);
    const other = await service.http
      .post('/orders')
      .set('idempotency-key', key)
      .send({ ...body, items: [{ ...body.items[0], quantity: 3 }] });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'ORDER.IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('already used for a different order') });
    expect((await service.http.get('/orders').query({ userId: body.userId })).body.orders).toHaveLength(1);
  });

  it('creates one order and publishes one event for concurrent retries with one key', async () => {
    const service = await startOrderService(broker());
    const key = uniqueName('checkout');
    const body = validOrder();
    const answers = await Promise.all(Array.from({ length: 8 }, () => service.http.post('/orders').set('idempotency-key', key).send(body)));

    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    const orderIds = new Set(answers.map((a) => a.body.orderId));
    expect(orderIds.size).toBe(1);
    expect((await service.http.get('/orders').query({ userId: body.userId })).body.orders).toHaveLength(1);

    const [record] = await readTopic(broker(), Topics.OrderCreated, 1);
    expect(record.key).toBe([...orderIds][0]);
    await eventually(async () => ((await metricValue(service, 'outbox_pending_messages')) === 0 ? true : undefined), 'the outbox drained');
    const admin = testKafka(broker()).admin();
    await admin.connect();
    try {
      expect(await recordCount(admin, Topics.OrderCreated)).toBe(1);
    } finally {
      await admin.disconnect();
    }
  });
});
