import { createValidationPipe, RequestValidationException } from '@app/service-kit';
import { PlaceOrderDto } from './place-order.dto';

function validBody(): Record<string, unknown> {
  return { userId: 'usr_42', items: [{ productId: 'sku-espresso-1kg', quantity: 2, price: 24.5 }] };
}

function withItem(change: Record<string, unknown>): Record<string, unknown> {
  return { ...validBody(), items: [{ ...(validBody().items as object[])[0], ...change }] };
}

async function faultyPaths(body: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: PlaceOrderDto });
  } catch (error) {
    if (!(error instanceof RequestValidationException)) throw error;
    return error.fields.map((f) => f.path).sort();
  }
  return [];
}

describe('PlaceOrderDto', () => {
  it('accepts a valid order', async () => {
    expect(await faultyPaths(validBody())).toEqual([]);
    expect(await faultyPaths({ userId: 'u', items: Array.from({ length: 100 }, (_, i) => ({ productId: `p${i}`, quantity: 10_000, price: 1_000_000 })) })).toEqual([]);
    // A free item beside a paid one is fine; an order of free items only has nothing to charge (below).
    expect(await faultyPaths({ ...validBody(), items: [...(validBody().items as object[]), { productId: 'sku-free-sample', quantity: 1, price: 0 }] })).toEqual([]);
    expect(await faultyPaths(withItem({ price: 19.99 }))).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['an empty body', {}, ['items', 'userId']],
    ['an array body', [validBody()], ['body']],
    ['an unknown top-level field', { ...validBody(), discount: 10 }, ['discount']],
    ['an unknown item field', withItem({ sku: 'x' }), ['items.0.sku']],
    ['a numeric userId', { ...validBody(), userId: 42 }, ['userId']],
    ['an empty userId', { ...validBody(), userId: '' }, ['userId']],
    ['a userId with spaces', { ...validBody(), userId: 'bob smith' }, ['userId']],
    ['a too long userId', { ...validBody(), userId: 'u'.repeat(65) }, ['userId']],
    ['items that are not an array', { ...validBody(), items: { productId: 'p' } }, ['items']],
    ['no items', { ...validBody(), items: [] }, ['items']],
    ['free items only (a total of 0)', withItem({ price: 0 }), ['items']],
    ['101 items', { ...validBody(), items: Array.from({ length: 101 }, () => ({ productId: 'p', quantity: 1, price: 1 })) }, ['items']],
    ['an item that is not an object', { ...validBody(), items: ['p1'] }, ['items.0']],
    ['an item that is an array', { ...validBody(), items: [[]] }, ['items']],
    ['an item that is null', { ...validBody(), items: [null] }, ['items']],
    ['a missing productId', withItem({ productId: undefined }), ['items.0.productId']],
    ['a zero quantity', withItem({ quantity: 0 }), ['items.0.quantity']],
    ['a negative quantity', withItem({ quantity: -1 }), ['items.0.quantity']],
    ['a fractional quantity', withItem({ quantity: 1.5 }), ['items.0.quantity']],
    ['a quantity as text', withItem({ quantity: '2' }), ['items.0.quantity']],
    ['a huge quantity', withItem({ quantity: 10_001 }), ['items.0.quantity']],
    ['a negative price', withItem({ price: -0.01 }), ['items.0.price']],
    ['a price with 3 decimals', withItem({ price: 1.005 }), ['items.0.price']],
    ['a tiny price', withItem({ price: 1e-7 }), ['items.0.price']],
    ['a price as text', withItem({ price: '9.99' }), ['items.0.price']],
    ['a price above the maximum', withItem({ price: 1_000_000.01 }), ['items.0.price']],
  ])('rejects %s', async (_what, body, paths) => {
    const found = await faultyPaths(body);
    expect(found.length).toBeGreaterThan(0);
    for (const path of paths) expect(found.some((f) => f === path || f.startsWith(`${path}.`))).toBe(true);
  });
});
