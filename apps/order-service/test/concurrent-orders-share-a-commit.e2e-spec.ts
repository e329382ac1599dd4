import { decodeEvent, Topics } from '@app/contracts';
import { metricValue, readTopic, startOrderService, uniqueName, useBroker, validOrder } from './order-service-test-kit';

describe('concurrent orders (group commit)', () => {
  const broker = useBroker();

  it('gives each of many concurrent requests its own order, with its own lines and one event each', async () => {
    const service = await startOrderService(broker());
    const users = Array.from({ length: 40 }, (_, i) => `usr_burst_${i}`);
    const answers = await Promise.all(users.map((userId, i) => service.http.post('/orders').send({ userId, items: [{ productId: `sku-${i}`, quantity: i + 1, price: 1.25 }] })));

    expect(answers.map((a) => a.status)).toEqual(Array(users.length).fill(201));
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(users.length);
    for (const [i, answer] of answers.entries()) {
      expect(answer.body.total).toBe((i + 1) * 1.25);
      const shown = await service.http.get(`/orders/${answer.body.orderId}`);
      expect(shown.body).toMatchObject({ userId: users[i], items: [{ productId: `sku-${i}`, quantity: i + 1, price: 1.25 }] });
    }

    const records = await readTopic(broker(), Topics.OrderCreated, users.length);
    const published = new Map(records.map((r) => [r.key, decodeEvent('OrderCreated', r.value).data.userId]));
    expect(published).toEqual(new Map(answers.map((a, i) => [a.body.orderId, users[i]])));
    expect(await metricValue(service, 'orders_created_total')).toBe(users.length);
  });

  it('mixes keyed and unkeyed requests in one burst: one order per key, every retry answered with it', async () => {
    const service = await startOrderService(broker());
    const body = validOrder('usr_mixed');
    const keys = [uniqueName('mixed'), uniqueName('mixed')];
    const requests = Array.from({ length: 12 }, (_, i) => {
      const post = service.http.post('/orders');
      return (i % 3 === 0 ? post : post.set('idempotency-key', keys[i % 2])).send(body);
    });
    const answers = await Promise.all(requests);

    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const keyed = (k: number) => new Set(answers.filter((_, i) => i % 3 !== 0 && i % 2 === k).map((a) => a.body.orderId));
    expect(keyed(0).size).toBe(1);
    expect(keyed(1).size).toBe(1);
    const listed = await service.http.get('/orders').query({ userId: 'usr_mixed', limit: 100 });
    // 4 unkeyed orders and one per key.
    expect(listed.body.orders).toHaveLength(6);
  });
});
