import { eventually, uniqueId } from '../../support/service-test-kit';

/** A user id the order API accepts, e.g. `usr-3fa9c2e1d0`; a `test-decline` prefix makes the payment decline. */
export function userId(prefix = 'usr'): string {
  return uniqueId(prefix).replace('_', '-');
}

/** A valid `POST /orders` body: two of one product at `price`. */
export function orderRequest(user = userId(), price = 24.5): { userId: string; items: { productId: string; quantity: number; price: number }[] } {
  return { userId: user, items: [{ productId: 'sku-espresso-beans-1kg', quantity: 2, price }] };
}

/** `GET /orders/:id` (through `get`, in process or over HTTP) once the order has left PENDING. */
export async function settledOrder(get: (path: string) => Promise<{ status: number; body: unknown }>, orderId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const response = await get(`/orders/${orderId}`);
      const body = response.body as Record<string, unknown>;
      return response.status === 200 && body.status !== 'PENDING' ? body : undefined;
    },
    `order ${orderId} to be PAID or CANCELLED`,
    timeoutMs,
  );
}
