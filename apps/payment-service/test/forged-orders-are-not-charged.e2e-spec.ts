import { createUncheckedEvent, deadLetterTopic, Topics } from '@app/contracts';
import { orderCreated, orderData, paymentOf, publishOrders, readTopic, startPaymentService, testAdmin, testProducer, useBroker } from './payment-test-kit';

describe('an OrderCreated the order-service could not have written', () => {
  const broker = useBroker();

  it('is dead-lettered with the reason and not charged: a total that is not the sum of its items, fields out of range', async () => {
    const admin = await testAdmin(broker());
    await admin.createTopics({ topics: [{ topic: Topics.OrderCreated, numPartitions: 1 }] });
    const service = await startPaymentService(broker());
    const producer = await testProducer(broker());
    const cheap = orderCreated({ items: [{ productId: 'sku-tv', quantity: 1, priceCents: 99_900 }], totalCents: 1 });
    const huge = orderCreated({ items: [{ productId: 'sku-tv', quantity: 50_000, priceCents: 1 }], totalCents: 50_000 });
    const tooMany = createUncheckedEvent('OrderCreated', orderData({ items: Array.from({ length: 101 }, () => ({ productId: 'sku-1', quantity: 1, priceCents: 1 })), totalCents: 101 }), {
      correlationId: 'corr-forged',
    });
    const honest = orderCreated();

    await publishOrders(producer, [cheap, huge, tooMany, honest]);

    await paymentOf(service, honest.data.orderId);
    const dead = await readTopic(broker(), deadLetterTopic(Topics.OrderCreated), 3);
    // The handler runs a batch's records side by side: dead letters come in any order.
    const byKey = new Map(dead.map((record) => [record.key, record.headers]));
    expect(byKey.get(cheap.data.orderId)).toMatchObject({ 'dlq-error-type': 'PAYMENT.ORDER_TOTAL_MISMATCH', 'dlq-attempts': '1' });
    expect(byKey.get(cheap.data.orderId)?.['dlq-error-message']).toMatch(/totalCents 1 is not the sum of its items \(quantity \* priceCents = 99900\)/);
    expect(byKey.get(huge.data.orderId)).toMatchObject({ 'dlq-error-type': 'PAYMENT.ORDER_OUT_OF_RANGE' });
    expect(byKey.get(huge.data.orderId)?.['dlq-error-message']).toMatch(/quantity 50000 \(at most 10000\)/);
    expect(byKey.get(tooMany.data.orderId)).toMatchObject({ 'dlq-error-type': 'PAYMENT.ORDER_OUT_OF_RANGE' });
    expect(byKey.get(tooMany.data.orderId)?.['dlq-error-message']).toMatch(/101 items \(at most 100\)/);
    for (const order of [cheap, huge, tooMany]) expect((await service.http().get(`/payments/${order.data.orderId}`)).status).toBe(404);
  });
});
