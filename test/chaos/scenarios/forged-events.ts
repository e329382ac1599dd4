import type { ChaosScenario } from '../scenario';
import { sleep, waitFor } from '../support/child-process';
import { forgedCheapPayment, forgedFailureOfPaidOrder, forgedPaymentForUnknownOrder, forgedQuantity, forgedTotal, Forgery, publishForgeries } from '../support/forged-events';
import { OrderLoad } from '../support/load';
import { readTopicsWithHeaders } from '../support/poison-dead-letters';
import { withStack } from '../support/with-stack';

const BEFORE_MS = 3000;
const AFTER_MS = 5000;

async function placeOrder(url: string): Promise<string> {
  const body = { userId: `forged-target-${Date.now()}`, items: [{ productId: 'sku-target', quantity: 1, price: 25 }] };
  const response = await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}`);
  return ((await response.json()) as { orderId: string }).orderId;
}

async function statusOf(url: string, orderId: string): Promise<string | undefined> {
  const response = await fetch(`${url}/orders/${orderId}`).catch(() => undefined);
  return response?.status === 200 ? ((await response.json()) as { status: string }).status : undefined;
}

/**
 * While orders flow, forged and conflicting events arrive as a producer without the services' knowledge would
 * write them: OrderCreated with a total that is not its items and with a quantity out of range; PaymentProcessed
 * for an order never issued and of 1 cent for a real order; PaymentFailed for an order already PAID. Each must be
 * in its dead-letter topic with the expected `dlq-error-type`, no forged order may have a payment, the targeted
 * real orders must keep their true outcome, and every accepted order settles (0 lost, 0 paid twice).
 */
export const forgedEventsScenario: ChaosScenario = {
  id: 'forged-events',
  title: 'forged and conflicting OrderCreated / PaymentProcessed / PaymentFailed mid-flow',
  run: (ctx) =>
    withStack(ctx, 'forged-events', { label: 'forged_events', settleTimeoutMs: 120_000 }, async (stack) => {
      const load = new OrderLoad({ url: stack.orders.url, ratePerSecond: 50, concurrency: 16 });
      await sleep(BEFORE_MS);
      const fresh = await placeOrder(stack.orders.url);
      const settled = await placeOrder(stack.orders.url);
      const settledStatus = await waitFor(
        async () => {
          const status = await statusOf(stack.orders.url, settled);
          return status === 'PAID' || status === 'CANCELLED' ? status : undefined;
        },
        'the target order settled',
        60_000,
      );
      const forgeries: Forgery[] = [forgedTotal(), forgedQuantity(), forgedPaymentForUnknownOrder(), forgedCheapPayment(fresh), forgedFailureOfPaidOrder(settled)];
      if (settledStatus === 'CANCELLED') forgeries.pop();
      await publishForgeries(stack.broker.bootstrapServers, forgeries);
      ctx.log(`published ${forgeries.length} forged events after ${load.acceptedCount} orders accepted`);
      const faultEndedAt = Date.now();
      await sleep(AFTER_MS);
      const report = await load.stop();

      const problems: string[] = [];
      const topics = [
        ...new Set(forgeries.map((f) => `${f.event.eventType === 'OrderCreated' ? 'order-created' : f.event.eventType === 'PaymentProcessed' ? 'payment-processed' : 'payment-failed'}-dlq`)),
      ];
      const dead = await readTopicsWithHeaders(stack.broker.bootstrapServers, topics);
      const facts: string[] = [];
      for (const forgery of forgeries) {
        const found = dead.find((r) => r.headers['event-id'] === forgery.event.eventId);
        const type = found?.headers['dlq-error-type'];
        if (type === undefined || !forgery.expectedErrorTypes.includes(type))
          problems.push(`${forgery.name}: expected a dead letter with ${forgery.expectedErrorTypes.join(' or ')}, found ${type ?? 'none'}`);
        else facts.push(`${forgery.name}: ${type}`);
      }
      const [payment] = stack.payments;
      for (const forgery of forgeries.filter((f) => f.event.eventType === 'OrderCreated')) {
        const response = await fetch(`${payment.url}/payments/${forgery.event.data.orderId}`);
        if (response.status !== 404) problems.push(`${forgery.name}: a payment exists (GET /payments answered ${response.status})`);
      }
      const finalStatus = await statusOf(stack.orders.url, settled);
      if (finalStatus !== settledStatus) problems.push(`order ${settled} was ${settledStatus} and is ${finalStatus} after a forged PaymentFailed`);
      const accepted = new Map([...report.accepted, [fresh, faultEndedAt], [settled, faultEndedAt]]);
      return { accepted, faultEndedAt, problems, facts, forgedEventIds: new Set(forgeries.map((f) => f.event.eventId)) };
    }),
};
