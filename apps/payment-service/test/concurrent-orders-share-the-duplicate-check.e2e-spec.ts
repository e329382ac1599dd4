import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Database } from '@app/database';
import { useMigratedDatabase } from '../../../test/support/service-test-kit';
import type { ServiceOutboxRelay } from '@app/service-kit';
import { ChargeRequest, PaymentGateway } from '../src/payments/gateway/payment-gateway';
import { findAlreadyProcessed } from '../src/payments/payment.repository';
import { PaymentMetrics } from '../src/payments/payment.metrics';
import { PAYMENT_SERVICE_GROUP } from '../src/payments/payment-service.group';
import { ProcessPaymentService } from '../src/payments/process-payment/process-payment.service';
import { paymentServiceMigrations } from '../src/migrations';
import { orderCreated, uniqueId } from './payment-test-kit';

const DUPLICATE_CHECK = /FROM unnest\(\$2::text\[\], \$3::text\[\]\) WITH ORDINALITY/;

describe('the check for an order already paid', () => {
  let db: Database;

  // The service logs each duplicate; the assertions say what happened.
  beforeAll(() => Logger.overrideLogger(false));

  const database = useMigratedDatabase('payment_lookup', paymentServiceMigrations);
  beforeEach(() => {
    db = database();
  });

  it('answers for each delivery, in order, whether its event or its order was dealt with', async () => {
    const [paid, claimed, fresh] = [orderCreated(), orderCreated(), orderCreated()];
    const service = new ProcessPaymentService(db, approvingGateway(), { wake: () => undefined } as ServiceOutboxRelay, new PaymentMetrics(new Registry()));
    await service.process(paid, 1);
    await db.query('INSERT INTO inbox (consumer_group, event_id) VALUES ($1, $2)', [PAYMENT_SERVICE_GROUP, claimed.eventId]);

    const deliveries = [fresh, paid, claimed, { ...paid, eventId: uniqueId('evt') }].map((o) => ({ eventId: o.eventId, orderId: o.data.orderId }));
    expect(await findAlreadyProcessed(db, PAYMENT_SERVICE_GROUP, deliveries)).toEqual([false, true, true, true]);
  });

  it('is one statement for the orders processed at the same time, not one each', async () => {
    let checks = 0;
    const counting: Database = Object.assign(Object.create(db) as Database, {
      query: (sql: string, params?: readonly unknown[]) => {
        if (DUPLICATE_CHECK.test(sql)) checks += 1;
        return db.query(sql, params);
      },
    });
    const service = new ProcessPaymentService(counting, approvingGateway(), { wake: () => undefined } as ServiceOutboxRelay, new PaymentMetrics(new Registry()));
    const orders = Array.from({ length: 20 }, () => orderCreated());

    const outcomes = await Promise.all(orders.map((order) => service.process(order, 1)));

    expect(outcomes).toEqual(orders.map(() => 'paid'));
    expect(checks).toBe(1);
    expect(await Promise.all(orders.map((order) => service.process(order, 1)))).toEqual(orders.map(() => 'duplicate'));
  });
});

function approvingGateway(): PaymentGateway {
  return { charge: async (request: ChargeRequest) => ({ status: 'approved', reference: `ref_${request.idempotencyKey}` }) };
}
