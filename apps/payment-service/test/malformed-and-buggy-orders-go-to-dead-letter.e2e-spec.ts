import { deadLetterTopic, encodeEvent, Topics } from '@app/contracts';
import { buildEventHeaders } from '@app/kafka';
import { adminAuth, orderCreated, paymentOf, publishOrders, readTopic, startPaymentService, testAdmin, testProducer, useBroker } from './payment-test-kit';

const DLQ = deadLetterTopic(Topics.OrderCreated);

describe('orders that cannot be paid', () => {
  const broker = useBroker();

  it('go to order-created-dlq with the reason in headers, the consumer keeps going, and a fixed bug lets a redrive pay', async () => {
    const admin = await testAdmin(broker());
    await admin.createTopics({ topics: [{ topic: Topics.OrderCreated, numPartitions: 1 }] });
    const service = await startPaymentService(broker(), { env: { GATEWAY_BUG_MODE: 'true' } });
    const producer = await testProducer(broker());
    const invalid = orderCreated();
    const buggy = orderCreated({ userId: 'test-bug-carol' });
    const healthy = orderCreated();

    await producer.send({ topic: Topics.OrderCreated, messages: [{ key: 'garbage', value: 'this is not JSON {', headers: { 'correlation-id': 'corr-garbage' } }] });
    const negativeTotal = { ...invalid, data: { ...invalid.data, totalCents: -5 } };
    await producer.send({
      topic: Topics.OrderCreated,
      messages: [
        {
          key: invalid.data.orderId,
          value: encodeEvent(negativeTotal),
          headers: buildEventHeaders({ eventId: invalid.eventId, eventType: 'OrderCreated', eventVersion: 1, correlationId: invalid.correlationId }),
        },
      ],
    });
    await publishOrders(producer, [buggy, healthy]);

    await paymentOf(service, healthy.data.orderId);
    const dead = await readTopic(broker(), DLQ, 3);
    expect(dead.map((record) => [record.key, record.headers['dlq-error-type']])).toEqual([
      ['garbage', 'EVENT.INVALID_JSON'],
      [invalid.data.orderId, 'EVENT.INVALID_DATA'],
      [buggy.data.orderId, 'GATEWAY.MALFUNCTION'],
    ]);
    for (const [offset, record] of dead.entries()) {
      expect(record.headers).toMatchObject({
        'dlq-original-topic': Topics.OrderCreated,
        'dlq-original-partition': '0',
        'dlq-original-offset': String(offset),
        'dlq-consumer-group': 'payment-service',
        'dlq-attempts': '1',
      });
    }
    expect(dead[0].value).toBe('this is not JSON {');
    expect(dead[0].headers['correlation-id']).toBe('corr-garbage');
    expect(dead[1].headers['dlq-error-message']).toMatch(/totalCents/);
    expect(dead[2].headers['event-id']).toBe(buggy.eventId);
    for (const orderId of [invalid.data.orderId, buggy.data.orderId]) {
      expect((await service.http().get(`/payments/${orderId}`)).status).toBe(404);
    }

    // While the bug is there, a redrive fails the same way; after the fix it pays.
    const tooEarly = await service.http().post('/admin/dead-letters/redrive').set(adminAuth).send({ partition: dead[2].partition, offset: dead[2].offset });
    expect(tooEarly.status).toBe(202);
    const again = await readTopic(broker(), DLQ, 4);
    expect(again[3]).toMatchObject({ key: buggy.data.orderId, headers: expect.objectContaining({ 'dlq-error-type': 'GATEWAY.MALFUNCTION', 'dlq-original-offset': dead[2].offset }) });

    const fixed = await service.http().put('/admin/gateway').set(adminAuth).send({ bugMode: false });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ bugMode: false });
    const redrive = await service.http().post('/admin/dead-letters/redrive').set(adminAuth).send({ partition: dead[2].partition, offset: dead[2].offset });
    expect(redrive.status).toBe(202);
    expect(redrive.body).toMatchObject({ group: 'payment-service', originalTopic: Topics.OrderCreated });

    const payment = await paymentOf(service, buggy.data.orderId);
    expect(payment).toMatchObject({ status: 'SUCCEEDED', userId: 'test-bug-carol' });
    const processed = await readTopic(broker(), Topics.PaymentProcessed, 2);
    const redriven = processed.find((record) => record.key === buggy.data.orderId);
    expect(redriven?.headers['correlation-id']).toBe(buggy.correlationId);
  });

  it('answers the admin endpoints with 4xx for what cannot be done', async () => {
    const service = await startPaymentService(broker());
    const missing = await service.http().post('/admin/dead-letters/redrive').set(adminAuth).send({ partition: 0, offset: 42 });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'KAFKA.DEAD_LETTER_NOT_FOUND' });

    const badBody = await service.http().post('/admin/dead-letters/redrive').set(adminAuth).send({ partition: -1, offset: 'x', extra: true });
    expect(badBody.status).toBe(400);
    expect(badBody.body.fields.map((field: { path: string }) => field.path).sort()).toEqual(['extra', 'offset', 'partition']);

    const badSettings = await service.http().put('/admin/gateway').set(adminAuth).send({ bugMode: 'yes', declineRate: 3 });
    expect(badSettings.status).toBe(400);
    expect(badSettings.body.fields.map((field: { path: string }) => field.path).sort()).toEqual(['bugMode', 'declineRate']);
    expect((await service.http().get('/admin/gateway').set(adminAuth)).body).toMatchObject({ bugMode: false, declineRate: 0 });
  });

  it('answers an admin request without the token with 401 and one with a foreign Host with 403, changing nothing', async () => {
    const service = await startPaymentService(broker());
    const noToken = await service.http().put('/admin/gateway').send({ bugMode: true });
    expect(noToken.status).toBe(401);
    expect(noToken.body).toMatchObject({ code: 'ADMIN.BAD_TOKEN' });
    const rebound = await service.http().put('/admin/gateway').set(adminAuth).set('host', 'attacker.example:3003').send({ bugMode: true });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatchObject({ code: 'ADMIN.HOST_NOT_LOOPBACK' });
    expect((await service.http().get('/admin/gateway').set(adminAuth)).body).toMatchObject({ bugMode: false });
  });
});
