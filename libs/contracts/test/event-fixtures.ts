import { OrderCreatedData, PaymentFailedData, PaymentProcessedData } from '../src';

/** Realistic, valid data; tests override one field at a time. */
export function orderCreatedData(): OrderCreatedData {
  return {
    orderId: 'ord_8f14e45f',
    userId: 'usr_c9f0f895',
    items: [
      { productId: 'sku-espresso-beans-1kg', quantity: 2, priceCents: 2450 },
      { productId: 'sku-milk-frother', quantity: 1, priceCents: 3999 },
    ],
    totalCents: 8899,
    currency: 'USD',
  };
}

export function paymentProcessedData(): PaymentProcessedData {
  return { orderId: 'ord_8f14e45f', paymentId: 'pay_45c48cce', amountCents: 8899 };
}

export function paymentFailedData(): PaymentFailedData {
  return {
    orderId: 'ord_8f14e45f',
    paymentId: null,
    reason: 'INSUFFICIENT_FUNDS',
    message: 'card has insufficient funds',
  };
}

type Json = Record<string, unknown>;
export type JsonChange = (json: Json) => void;

/** JSON text of an event after `change`, as a producer that does not use `createEvent` might write it. */
export function wireJson(event: object, change: JsonChange = () => undefined): string {
  const json = JSON.parse(JSON.stringify(event)) as Json;
  change(json);
  return JSON.stringify(json);
}

/** Sets `path` (`data.items`) in a JSON object, for {@link wireJson}. */
export function set(path: string, value: unknown): JsonChange {
  return (json) => {
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce((node, key) => node[key] as Json, json);
    parent[last] = value;
  };
}

/** Deletes `path` from a JSON object, for {@link wireJson}. */
export function drop(path: string): JsonChange {
  return (json) => {
    const keys = path.split('.');
    const last = keys.pop() as string;
    delete keys.reduce((node, key) => node[key] as Json, json)[last];
  };
}
