import { gzipSync } from 'node:zlib';
import { FuzzCase, postJson, Random, validOrder } from './fuzz-case';
import { rawRequest } from './fuzz-http-client';

const TOO_LONG = 'x'.repeat(10_000);
const NOT_STRINGS = [null, true, 0, 12, 1.5, [], {}, [''], { a: 'b' }];
const BAD_IDS = ['', ' ', 'a b', '-leading-dash', 'x'.repeat(65), '\u0000', 'é', '<script>', '../etc', TOO_LONG];
const BAD_QUANTITIES = [null, true, '1', '', 0, -1, 1.5, 10_001, 1e308, [], {}, [1], 'NaN'];
const BAD_PRICES = [null, true, '1', '12.50', -1, 1.001, 1_000_001, 1e308, [], {}, [1]];
const ITEM = { productId: 'sku-fuzz-1', quantity: 1, price: 1 };
const BAD_ITEMS = [null, true, 'x', 0, {}, [], [null], [1], ['x'], [[]], Array.from({ length: 101 }, () => ITEM)];
const NESTING = 10_000;

type Body = Record<string, unknown>;

/** The `POST /orders` bodies: every field with wrong types and values, missing and extra fields, hostile shapes. */
export function orderBodyCases(): FuzzCase[] {
  return [...wrongTypes(), ...missingAndExtra(), ...hugeBodies(), ...deepNesting(), ...protoKeys(), ...invalidUtf8()];
}

function bodyCase(category: string, name: string, body: Body | string | Buffer, expect: readonly number[], fieldPath?: string): FuzzCase {
  const bytes = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return { target: 'order-service', category, name, parts: [postJson(bytes)], expect, ...(fieldPath !== undefined && { fieldPath }) };
}

function withItem(change: (item: Body) => void): Body {
  const body = validOrder() as Body;
  const item = { ...(body.items as Body[])[0] };
  change(item);
  return { ...body, items: [item] };
}

function wrongTypes(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const value of [...NOT_STRINGS, ...BAD_IDS]) {
    cases.push(bodyCase('wrong-types', `userId=${label(value)}`, { ...validOrder(), userId: value }, [400], 'userId'));
    cases.push(
      bodyCase(
        'wrong-types',
        `productId=${label(value)}`,
        withItem((item) => (item.productId = value)),
        [400],
        'items.0.productId',
      ),
    );
  }
  for (const value of BAD_QUANTITIES)
    cases.push(
      bodyCase(
        'wrong-types',
        `quantity=${label(value)}`,
        withItem((item) => (item.quantity = value)),
        [400],
        'items.0.quantity',
      ),
    );
  for (const value of BAD_PRICES)
    cases.push(
      bodyCase(
        'wrong-types',
        `price=${label(value)}`,
        withItem((item) => (item.price = value)),
        [400],
        'items.0.price',
      ),
    );
  for (const value of BAD_ITEMS) cases.push(bodyCase('wrong-types', `items=${label(value)}`, { ...validOrder(), items: value }, [400], 'items'));
  // Numbers JSON can spell but JavaScript cannot hold.
  cases.push(bodyCase('wrong-types', 'quantity=1e400', JSON.stringify(withItem(() => undefined)).replace('"quantity":2', '"quantity":1e400'), [400], 'items.0.quantity'));
  cases.push(bodyCase('wrong-types', 'price=-0', JSON.stringify(withItem(() => undefined)).replace('"price":12.5', '"price":-0'), [201, 400]));
  cases.push(bodyCase('wrong-types', 'body=array', '[{"userId":"u1"}]', [400]));
  return cases;
}

function missingAndExtra(): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const field of ['userId', 'items']) {
    const body = validOrder() as Body;
    delete body[field];
    cases.push(bodyCase('missing-fields', `no ${field}`, body, [400], field));
  }
  for (const field of ['productId', 'quantity', 'price']) {
    cases.push(
      bodyCase(
        'missing-fields',
        `no items.0.${field}`,
        withItem((item) => delete item[field]),
        [400],
        `items.0.${field}`,
      ),
    );
  }
  cases.push(bodyCase('missing-fields', 'empty object', {}, [400], 'userId'));
  for (const field of ['status', 'orderId', 'total', 'totalCents', 'paymentId', 'extra']) {
    cases.push(bodyCase('extra-fields', `extra ${field}`, { ...validOrder(), [field]: 'PAID' }, [400], field));
  }
  for (const field of ['discount', 'priceCents', 'currency']) {
    cases.push(
      bodyCase(
        'extra-fields',
        `extra items.0.${field}`,
        withItem((item) => (item[field] = 1)),
        [400],
        `items.0.${field}`,
      ),
    );
  }
  return cases;
}

function hugeBodies(): FuzzCase[] {
  const padded = (bytes: number) => JSON.stringify({ ...validOrder(), pad: 'p'.repeat(bytes) });
  const cases = [64 * 1024, 256 * 1024, 1024 * 1024, 8 * 1024 * 1024].map((bytes) => bodyCase('huge-body', `${bytes} bytes`, padded(bytes), [413]));
  const chunks = Array.from({ length: 64 }, () => Buffer.from(`4000\r\n${'c'.repeat(0x4000)}\r\n`, 'latin1'));
  const chunkedHead = rawRequest('POST', '/orders', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
  cases.push({ target: 'order-service', category: 'huge-body', name: '1 MiB chunked, no length', parts: [chunkedHead, ...chunks, Buffer.from('0\r\n\r\n')], expect: [413] });
  // body-parser answers 413 only once it has drained the declared body, so this one waits like a slow client.
  cases.push({
    target: 'order-service',
    category: 'huge-body',
    name: 'Content-Length 10^12, few bytes',
    parts: [postJson('{}', { 'content-length': '1000000000000' })],
    expect: [413],
    answers: 0,
  });
  // A gzip bomb: 10 KB on the wire, 20 MB inflated; the limit applies to the inflated size.
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"userId":"'), Buffer.alloc(20 * 1024 * 1024, 'a'), Buffer.from('"}')]));
  cases.push({ target: 'order-service', category: 'huge-body', name: 'gzip bomb', parts: [postJson(bomb, { 'content-encoding': 'gzip' })], expect: [413] });
  return cases;
}

function deepNesting(): FuzzCase[] {
  const arrays = `${'['.repeat(NESTING)}1${']'.repeat(NESTING)}`;
  const objects = `${'{"a":'.repeat(NESTING)}1${'}'.repeat(NESTING)}`;
  const valid = JSON.stringify(withItem(() => undefined));
  // Nested under a field the DTO knows and under one it does not; at the top; instead of the body.
  return [
    bodyCase('deep-nesting', 'arrays in an unknown item field', valid.replace('"price":12.5', `"price":12.5,"x":${arrays}`), [400, 413]),
    bodyCase('deep-nesting', 'objects in an unknown item field', valid.replace('"price":12.5', `"price":12.5,"x":${objects}`), [400, 413]),
    bodyCase('deep-nesting', 'objects as items.0.productId', valid.replace('"sku-fuzz-1"', objects), [400, 413]),
    bodyCase('deep-nesting', 'objects as userId', valid.replace('"fuzz-user"', objects), [400, 413]),
    bodyCase('deep-nesting', 'arrays as items', JSON.stringify({ userId: 'u1', items: 0 }).replace('0', arrays), [400, 413]),
    bodyCase('deep-nesting', 'objects at the top', `{"userId":"u1","items":[],"x":${objects}}`, [400, 413]),
    bodyCase('deep-nesting', 'arrays as the body', arrays, [400, 413]),
  ];
}

/** Keys that would pollute a prototype if the body were merged somewhere; the service must shrug them off. */
function protoKeys(): FuzzCase[] {
  const valid = JSON.stringify(validOrder());
  const inner = JSON.stringify({ userId: 'polluted-user', items: validOrder().items, isAdmin: true, status: 'PAID' });
  const bodies: Array<[string, string]> = [
    ['__proto__ at the top', valid.replace('{', `{"__proto__":${inner},`)],
    ['constructor.prototype at the top', valid.replace('{', `{"constructor":{"prototype":${inner}},`)],
    ['prototype at the top', valid.replace('{', `{"prototype":${inner},`)],
    ['__proto__ in an item', valid.replace('{"productId"', `{"__proto__":{"quantity":999},"productId"`)],
    ['__proto__ only (fields through the prototype)', `{"__proto__":${inner}}`],
    ['constructor only', `{"constructor":{"prototype":${inner}}}`],
    ['__proto__ as an item', `{"userId":"u1","items":[{"__proto__":{"productId":"p","quantity":1,"price":1}}]}`],
    ['nested __proto__ chain', valid.replace('{', '{"a":{"__proto__":{"__proto__":{"polluted":true}}},')],
  ];
  return bodies.map(([name, body]) => bodyCase('proto-keys', name, body, [201, 400]));
}

function invalidUtf8(): FuzzCase[] {
  const bad = [Buffer.from([0xff]), Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0xc3])];
  const cases: FuzzCase[] = [];
  bad.forEach((bytes, i) => {
    cases.push(bodyCase('invalid-utf8', `in userId #${i}`, Buffer.concat([Buffer.from('{"userId":"u'), bytes, Buffer.from('","items":[{"productId":"p","quantity":1,"price":1}]}')]), [400]));
    cases.push(bodyCase('invalid-utf8', `in a key #${i}`, Buffer.concat([Buffer.from('{"'), bytes, Buffer.from('":1,"userId":"u1","items":[]}')]), [400]));
    cases.push(bodyCase('invalid-utf8', `outside strings #${i}`, Buffer.concat([Buffer.from('{"userId":"u1",'), bytes, Buffer.from('"items":[]}')]), [400]));
  });
  cases.push(bodyCase('invalid-utf8', 'lone surrogate escape', '{"userId":"\\ud800","items":[{"productId":"\\udfff","quantity":1,"price":1}]}', [400], 'userId'));
  cases.push(bodyCase('invalid-utf8', 'NUL escape', '{"userId":"u\\u0000","items":[{"productId":"p\\u0000","quantity":1,"price":1}]}', [400], 'userId'));
  return cases;
}

/**
 * `count` random mutations of a valid body: bytes flipped, inserted, deleted, duplicated. Some still make a valid
 * order, so 201 is allowed here; those orders are accepted and must be paid like any other.
 */
export function mutatedBodies(count: number, random: Random): FuzzCase[] {
  const source = Buffer.from(JSON.stringify(validOrder('fuzz-mutant')));
  const alphabet = Buffer.from('{}[]":,.-0123456789eE tfnul\\_aZ\u00e9', 'utf8');
  return Array.from({ length: count }, (_, n) => {
    let body: Buffer = Buffer.from(source);
    for (let edits = 1 + random.int(4); edits > 0; edits--) body = mutate(body, random, alphabet);
    return bodyCase('random-mutation', `mutant #${n}: ${body.toString('latin1').slice(0, 80)}`, body, [201, 400]);
  });
}

function mutate(body: Buffer, random: Random, alphabet: Buffer): Buffer {
  const at = random.int(body.length);
  switch (random.int(4)) {
    case 0:
      return Buffer.concat([body.subarray(0, at), Buffer.from([random.pick([...alphabet, ...random.bytes(2)])]), body.subarray(at + 1)]);
    case 1:
      return Buffer.concat([body.subarray(0, at), random.bytes(1 + random.int(3)), body.subarray(at)]);
    case 2:
      return Buffer.concat([body.subarray(0, at), body.subarray(at + 1 + random.int(5))]);
    default:
      return Buffer.concat([body.subarray(0, at), body.subarray(at, at + 1 + random.int(20)), body.subarray(at)]);
  }
}

function label(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 24 ? `${text.slice(0, 20)}...(${text.length})` : text;
}
