import { Topics } from '@app/contracts';
import { orderCreated, paymentOf, publishOrders, readTopic, recordCount, startPaymentService, testAdmin, testProducer, useBroker } from './payment-test-kit';

describe('a declined payment', () => {
  const broker = useBroker();

  it('is stored as failed and published as PaymentFailed with reason DECLINED, never as PaymentProcessed', async () => {
    const service = await startPaymentService(broker());
    const producer = await testProducer(broker());
    const declined = orderCreated({ userId: 'test-decline-ann' });
    const approved = orderCreated();

    await publishOrders(producer, [declined, approved]);

    const payment = await paymentOf(service, declined.data.orderId);
    expect(payment).toMatchObject({ status: 'FAILED', failureReason: 'DECLINED', failureMessage: 'card declined by the issuer', amount: 88.99 });

    const [failed] = await readTopic(broker(), Topics.PaymentFailed, 1);
    expect(failed.key).toBe(declined.data.orderId);
    expect(failed.headers).toMatchObject({ 'event-type': 'PaymentFailed', 'correlation-id': declined.correlationId });
    expect(JSON.parse(failed.value ?? '')).toMatchObject({
      eventType: 'PaymentFailed',
      version: 1,
      correlationId: declined.correlationId,
      data: { orderId: declined.data.orderId, paymentId: payment.paymentId, reason: 'DECLINED', message: 'card declined by the issuer' },
    });

    // The approved order is paid normally; the declined one never appears on payment-processed.
    const processed = await readTopic(broker(), Topics.PaymentProcessed, 1);
    expect(processed.map((record) => record.key)).toEqual([approved.data.orderId]);
    const admin = await testAdmin(broker());
    expect(await recordCount(admin, Topics.PaymentFailed)).toBe(1);
    expect(await recordCount(admin, Topics.PaymentProcessed)).toBe(1);
  });
});
