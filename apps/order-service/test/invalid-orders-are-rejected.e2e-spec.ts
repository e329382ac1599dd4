import { metricValue, RunningOrderService, startOrderService, useBroker, validOrder } from './order-service-test-kit';

const item = { productId: 'sku-1', quantity: 1, price: 9.99 };

/** Bodies a client might send by mistake, and the field paths the answer must name. */
const BAD_BODIES: [string, unknown, string[]][] = [
  ['an empty object', {}, ['userId', 'items']],
  ['an unknown top-level field', { userId: 'u1', items: [item], coupon: 'FREE' }, ['coupon']],
  ['an unknown item field', { userId: 'u1', items: [{ ...item, discount: 1 }] }, ['items.0.discount']],
  ['a numeric userId', { userId: 1, items: [item] }, ['userId']],
  ['a userId with a newline', { userId: 'u1\nadmin', items: [item] }, ['userId']],
  ['a too long productId', { userId: 'u1', items: [{ ...item, productId: 'p'.repeat(65) }] }, ['items.0.productId']],
  ['no items', { userId: 'u1', items: [] }, ['items']],
  ['items as an object', { userId: 'u1', items: { 0: item } }, ['items']],
  ['101 items', { userId: 'u1', items: Array.from({ length: 101 }, () => item) }, ['items']],
  ['a null item', { userId: 'u1', items: [null] }, ['items.0']],
  ['a zero quantity', { userId: 'u1', items: [item, { ...item, quantity: 0 }] }, ['items.1.quantity']],
  ['a fractional quantity', { userId: 'u1', items: [{ ...item, quantity: 1.5 }] }, ['items.0.quantity']],
  ['a quantity as text', { userId: 'u1', items: [{ ...item, quantity: '1' }] }, ['items.0.quantity']],
  ['a negative price', { userId: 'u1', items: [{ ...item, price: -1 }] }, ['items.0.price']],
  ['a price with 3 decimals', { userId: 'u1', items: [{ ...item, price: 9.999 }] }, ['items.0.price']],
  ['a price as text', { userId: 'u1', items: [{ ...item, price: '9.99' }] }, ['items.0.price']],
  ['a missing price', { userId: 'u1', items: [{ productId: 'p', quantity: 1 }] }, ['items.0.price']],
  ['an array body', [validOrder()], ['body']],
];

/** What a person reads: one message per field, the one that explains it (missing, then the type, then the rest). */
const EXPLAINED: [string, unknown, { path: string; messages: string[] }[]][] = [
  ['a missing userId', { items: [item] }, [{ path: 'userId', messages: ['userId is required'] }]],
  ['a quantity as text', { userId: 'u1', items: [{ ...item, quantity: '2' }] }, [{ path: 'items.0.quantity', messages: ['quantity must be a number: a whole number from 1 to 10000'] }]],
  ['a numeric userId', { userId: 7, items: [item] }, [{ path: 'userId', messages: ['userId must be a string'] }]],
  ['an array body', [validOrder()], [{ path: 'body', messages: ['body must be a JSON object'] }]],
];

async function expectNothingStored(service: RunningOrderService, userId: string): Promise<void> {
  expect((await service.http.get('/orders').query({ userId })).body.orders).toEqual([]);
  expect(await metricValue(service, 'orders_created_total')).toBe(0);
  expect(await metricValue(service, 'outbox_pending_messages')).toBe(0);
}

describe('invalid orders are rejected', () => {
  const broker = useBroker();

  it('answers 400 naming the fields at fault, for every bad body of the table', async () => {
    const service = await startOrderService(broker());
    for (const [what, body, paths] of BAD_BODIES) {
      const res = await service.http.post('/orders').send(body as object);
      const found: string[] = (res.body.fields ?? []).map((f: { path: string }) => f.path);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 400, code: 'REQUEST.INVALID' });
      for (const path of paths) expect({ what, found: found.includes(path) }).toEqual({ what, found: true });
    }
    await expectNothingStored(service, 'u1');
  });

  it('says one thing per field, the one to fix first', async () => {
    const service = await startOrderService(broker());
    for (const [what, body, fields] of EXPLAINED) {
      const res = await service.http.post('/orders').send(body as object);
      expect({ what, status: res.status, fields: res.body.fields }).toEqual({ what, status: 400, fields });
    }
  });

  it('answers malformed JSON 400, a body that is not JSON 415, an oversized body 413, and never 5xx', async () => {
    const service = await startOrderService(broker());
    const huge = { userId: 'u1', items: [{ ...item, productId: 'p'.repeat(70_000) }] };
    const cases: [string, () => Promise<{ status: number; body: { statusCode?: number } }>, number][] = [
      ['malformed JSON', () => service.http.post('/orders').set('content-type', 'application/json').send('{"userId": "u1", "items": ['), 400],
      ['JSON null', () => service.http.post('/orders').set('content-type', 'application/json').send('null'), 400],
      ['a JSON string', () => service.http.post('/orders').set('content-type', 'application/json').send('"order"'), 400],
      ['an empty body', () => service.http.post('/orders').set('content-type', 'application/json'), 400],
      ['text/plain', () => service.http.post('/orders').set('content-type', 'text/plain').send(JSON.stringify(validOrder())), 415],
      ['a form', () => service.http.post('/orders').type('form').send({ userId: 'u1' }), 415],
      ['an unsupported charset', () => service.http.post('/orders').set('content-type', 'application/json; charset=iso-8859-1').send(JSON.stringify(validOrder())), 415],
      ['more than 64 KiB', () => service.http.post('/orders').send(huge), 413],
      ['a bad Idempotency-Key', () => service.http.post('/orders').set('idempotency-key', 'has spaces in it').send(validOrder('u1')), 400],
    ];
    for (const [what, send, status] of cases) {
      const res = await send();
      expect({ what, status: res.status, statusCode: res.body.statusCode }).toEqual({ what, status, statusCode: status });
    }
    await expectNothingStored(service, 'u1');
    expect(service.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
