import { FuzzCase, FuzzTarget, postJson, Random } from './fuzz-case';
import { rawRequest } from './fuzz-http-client';
import { CHAOS_ADMIN_TOKEN } from './stack';

/** Valid JSON that is not a valid order: whatever a content-type case gets past, it is never a 201. */
const NOT_AN_ORDER = '{"userId":1}';
/** Statuses Node's HTTP parser answers itself (with an empty body) before the app sees a request. */
export const PARSER_STATUSES: readonly number[] = [400, 408, 413, 414, 417, 431, 505];

function one(target: FuzzTarget, category: string, name: string, bytes: Buffer | string, expect?: readonly number[], answers?: number): FuzzCase {
  return { target, category, name, parts: [Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1')], ...(expect && { expect }), ...(answers !== undefined && { answers }) };
}

/** Wrong, absent and odd content types and encodings on `POST /orders`. */
export function contentTypeCases(): FuzzCase[] {
  const unsupported = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/json-patch+json',
    'text/json',
    '*/*',
    'application',
    ';',
  ];
  const cases = unsupported.map((type) => one('order-service', 'content-type', `Content-Type: ${JSON.stringify(type)}`, postJson(NOT_AN_ORDER, { 'content-type': type }), [415]));
  // Node's parser refuses a NUL in a header value (400) before the app could answer 415.
  cases.push(one('order-service', 'content-type', 'Content-Type with a NUL', postJson(NOT_AN_ORDER, { 'content-type': 'application/json\u0000' }), [400, 415]));
  cases.push(one('order-service', 'content-type', 'no Content-Type', rawRequest('POST', '/orders', { body: NOT_AN_ORDER }), [415]));
  for (const charset of ['utf-16', 'latin1', 'bogus', 'utf-32le']) {
    cases.push(one('order-service', 'content-type', `charset=${charset}`, postJson(NOT_AN_ORDER, { 'content-type': `application/json; charset=${charset}` }), [400, 415]));
  }
  cases.push(one('order-service', 'content-type', 'Application/JSON', postJson(NOT_AN_ORDER, { 'content-type': 'Application/JSON; Charset=UTF-8' }), [400]));
  for (const encoding of ['gzip', 'deflate', 'br', 'x-unknown', 'gzip, gzip', 'identity']) {
    cases.push(one('order-service', 'content-type', `Content-Encoding: ${encoding} (not compressed)`, postJson(NOT_AN_ORDER, { 'content-encoding': encoding }), [400, 415]));
  }
  return cases;
}

/** Bodies that are not JSON, or JSON that body-parser's strict mode refuses. */
export function malformedJsonCases(): FuzzCase[] {
  const bodies = [
    '{"userId":"u1","items":[',
    '{"userId":"u1",}',
    "{'userId':'u1'}",
    '{"quantity":NaN}',
    '{"price":Infinity}',
    '{"a":1}/* c */',
    '{"a":1}{"b":2}',
    'undefined',
    'null',
    '"order"',
    '123',
    'true',
    ' ',
    '\ufeff{"userId":"u1"}',
    '{"a":"\\x41"}',
    '{"a":"\t"}',
    '{"a":01}',
    '{"a":.5}',
    '{"a":1e}',
    '{"a":"\\u12"}',
    '{"":1}',
    '{"a":1,"a":2}',
  ];
  const cases = bodies.map((body) => one('order-service', 'malformed-json', JSON.stringify(body).slice(0, 40), postJson(body), [400]));
  cases.push(one('order-service', 'malformed-json', 'Content-Length 0', postJson('', { 'content-length': '0' }), [400]));
  cases.push(one('order-service', 'malformed-json', 'body shorter than Content-Length', postJson('{"userId":"u1"}', { 'content-length': '30' }), [400], 0));
  return cases;
}

/** Oversized, malformed and contradictory headers, for either service. */
export function headerCases(target: FuzzTarget, path: string): FuzzCase[] {
  const get = (headers: Record<string, string>) => rawRequest('GET', path, { headers });
  const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`x-h${i}`, 'v']));
  return [
    one(target, 'huge-headers', 'one 20 KB header', get({ 'x-big': 'b'.repeat(20_000) }), [431]),
    one(target, 'huge-headers', '3,000 headers', get(many), [431]),
    one(target, 'huge-headers', '1 MB header', get({ 'x-big': 'b'.repeat(1024 * 1024) }), [431]),
    one(target, 'huge-headers', 'x-correlation-id of 10 KB', get({ 'x-correlation-id': 'c'.repeat(10_000) })),
    one(
      target,
      'huge-headers',
      'x-correlation-id with control characters',
      Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nx-correlation-id: a\u0001b\r\n\r\n`, 'latin1'),
      [200, 400, 404],
    ),
    one(target, 'bad-headers', 'header without a colon', `GET ${path} HTTP/1.1\r\nHost: x\r\nnocolon\r\nConnection: close\r\n\r\n`, [400]),
    one(target, 'bad-headers', 'space before the colon', `GET ${path} HTTP/1.1\r\nHost : x\r\nConnection: close\r\n\r\n`, [400]),
    one(
      target,
      'bad-headers',
      'two different Content-Lengths',
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}`,
      [400],
    ),
    one(
      target,
      'bad-headers',
      'Content-Length and chunked (smuggling)',
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n`,
      [400],
    ),
    one(target, 'bad-headers', 'negative Content-Length', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n`, [400]),
    one(target, 'bad-headers', 'Content-Length abc', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n`, [400]),
    one(
      target,
      'bad-headers',
      'bad chunk size',
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      [400],
    ),
    one(
      target,
      'bad-headers',
      'chunk size 2^48',
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nffffffffffff\r\n{}`,
      [400, 413],
      0,
    ),
    one(
      target,
      'bad-headers',
      'Transfer-Encoding: gzip only',
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n{}`,
      [400, 415, 501].filter((s) => s < 500),
    ),
    one(target, 'bad-headers', 'no Host', `GET ${path} HTTP/1.1\r\nConnection: close\r\n\r\n`),
    one(
      target,
      'bad-headers',
      'Expect: 100-continue, body never sent',
      postJson('', { expect: '100-continue', 'content-length': '10' }, path.startsWith('/orders') ? '/orders' : path),
      undefined,
      0,
    ),
    one(target, 'bad-headers', 'Expect: 417 please', rawRequest('GET', path, { headers: { expect: 'teapot' } }), [417]),
  ];
}

/** Absurd request targets and methods. */
export function urlAndMethodCases(target: FuzzTarget, base: string): FuzzCase[] {
  const get = (path: string) => rawRequest('GET', path);
  const urls = [
    `${base}/${'a'.repeat(8000)}`,
    `${base}/%`,
    `${base}/%zz`,
    `${base}/%E0%A4%A`,
    `${base}/%FF%FE`,
    `${base}/%C0%80`,
    `${base}/%00`,
    `${base}/a%00b`,
    `${base}/..%2F..%2Fetc%2Fpasswd`,
    '/../../etc/passwd',
    `/${base}//x//`,
    `${base}/\u00e9`,
    `${base}/%F0%9F%98%80`,
    `${base}?userId=a&userId=b`,
    `${base}?userId[]=a`,
    `${base}?userId[__proto__][x]=1`,
    `${base}?__proto__[polluted]=1&userId=u1`,
    `${base}?constructor[prototype][x]=1`,
    `${base}?userId=u1&limit=1e400`,
    `${base}?userId=u1&limit=-1`,
    `${base}?userId=u1&cursor=${'A'.repeat(300)}`,
    `${base}?userId=u1&cursor=%00`,
    `${base}?${Array.from({ length: 3000 }, (_, i) => `p${i}=${i}`).join('&')}`,
    `${base}?userId=${'%41'.repeat(1000)}`,
    '/health/live?x=%',
    '/metrics/../health',
    'http://evil.example/orders',
    '*',
    `${base}#fragment`,
    `${base};jsessionid=1`,
  ];
  const cases = urls.map((url) => one(target, 'absurd-urls', url.length > 60 ? `${url.slice(0, 50)}...(${url.length})` : url, get(url)));
  cases.push(one(target, 'absurd-urls', 'URL of 20 KB', get(`/${'u'.repeat(20_000)}`), [414, 431]));
  for (const method of ['PROPFIND', 'DELETE', 'PATCH', 'PUT', 'OPTIONS', 'TRACE', 'HEAD', 'FOO', 'M-SEARCH', 'LINK']) {
    cases.push(one(target, 'methods', method, rawRequest(method, base), [200, 204, 400, 404, 405]));
  }
  cases.push(one(target, 'methods', 'lower-case get', `get ${base} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, [400]));
  cases.push(one(target, 'methods', 'CONNECT', `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`, [400, 404, 405], 0));
  return cases;
}

/** Bytes that are not HTTP/1.1, and garbage pipelined behind a valid request. */
export function garbageCases(target: FuzzTarget, random: Random, count: number): FuzzCase[] {
  const live = rawRequest('GET', '/health/live', { keepAlive: true });
  const cases = [
    one(target, 'protocol-garbage', 'HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', [400, 505], 0),
    one(target, 'protocol-garbage', 'TLS ClientHello', Buffer.from('16030100a5010000a103035b', 'hex'), [400], 0),
    one(target, 'protocol-garbage', 'HTTP/0.9', 'GET /\r\n\r\n', [400, 404], 0),
    one(target, 'protocol-garbage', 'HTTP/9.9', 'GET /health/live HTTP/9.9\r\nHost: x\r\n\r\n', [400, 505], 0),
    one(target, 'protocol-garbage', 'bare LF line ends', 'GET /health/live HTTP/1.1\nHost: x\nConnection: close\n\n', [200, 400], 0),
    one(target, 'pipelined-garbage', 'valid then garbage', Buffer.concat([live, random.bytes(200)]), [200, 400], 2),
    one(target, 'pipelined-garbage', '50 pipelined GETs', Buffer.concat([...Array.from({ length: 49 }, () => live), rawRequest('GET', '/health/live')]), [200], 50),
    one(
      target,
      'pipelined-garbage',
      'valid, smuggled, valid',
      Buffer.concat([live, Buffer.from('POST /orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n'), rawRequest('GET', '/health/live')]),
      [200, 400],
      2,
    ),
  ];
  for (let n = 0; n < count; n++) {
    const junk = random.bytes(1 + random.int(2000));
    const request = random.int(2) === 0 ? junk : Buffer.concat([Buffer.from(`${random.pick(['GET', 'POST', 'PUT'])} /${random.bytes(8).toString('latin1')} HTTP/1.1\r\n`, 'latin1'), junk]);
    cases.push({ target, category: 'protocol-garbage', name: `random bytes #${n}`, parts: [request, Buffer.from('\r\n\r\n')], answers: 0 });
  }
  return cases;
}

/**
 * The payment-service's endpoints: the public read and the admin ones (loopback Host and `Bearer` ADMIN_TOKEN,
 * which the stack gives the payment-service: {@link CHAOS_ADMIN_TOKEN}), with invalid input only.
 */
export function paymentCases(): FuzzCase[] {
  const admin = { 'content-type': 'application/json', authorization: `Bearer ${CHAOS_ADMIN_TOKEN}` };
  const ids = ['%00', 'a%00b', '%FF', `${'p'.repeat(8000)}`, '..%2F..%2F', '%27%20OR%201=1--', 'order%0d%0aX-Injected:%201', '%E2%80%AE'];
  const cases = ids.map((id) => one('payment-service', 'payment-reads', `GET /payments/${id.slice(0, 30)}`, rawRequest('GET', `/payments/${id}`), [400, 404]));
  const invalidSettings = [{ declineRate: 'x' }, { declineRate: 2 }, { latencyMs: -1 }, { latencyMs: 1e308 }, { unknown: 1 }, { declineRate: null }, [], 'x'].map((body) =>
    JSON.stringify(body),
  );
  for (const body of invalidSettings) {
    cases.push(one('payment-service', 'payment-admin', `PUT /admin/gateway ${body}`, rawRequest('PUT', '/admin/gateway', { headers: admin, body }), [400]));
  }
  // Stripped by the validation pipe, leaving an empty update: 200 and nothing changed, or 400.
  const proto = '{"__proto__":{"declineRate":1}}';
  cases.push(one('payment-service', 'payment-admin', `PUT /admin/gateway ${proto}`, rawRequest('PUT', '/admin/gateway', { headers: admin, body: proto }), [200, 400]));
  const invalidRedrives = [
    {},
    { topic: 'order-created', partition: 0, offset: '0' },
    { topic: 'x-dlq', partition: -1, offset: '0' },
    { topic: 'x-dlq', partition: 0, offset: '-1' },
    { topic: 'a'.repeat(300) + '-dlq', partition: 0, offset: '0' },
    { topic: { a: 1 } },
  ];
  for (const body of invalidRedrives) {
    cases.push(
      one(
        'payment-service',
        'payment-admin',
        `POST /admin/dead-letters/redrive ${JSON.stringify(body).slice(0, 40)}`,
        rawRequest('POST', '/admin/dead-letters/redrive', { headers: admin, body: JSON.stringify(body) }),
        [400],
      ),
    );
  }
  // A valid change, refused before it is looked at: no token, a wrong one, a foreign Host (DNS rebinding).
  const valid = '{"bugMode":false}';
  const refused: [string, Record<string, string>, number][] = [
    ['no token', { 'content-type': 'application/json' }, 401],
    ['wrong token', { ...admin, authorization: `Bearer ${CHAOS_ADMIN_TOKEN}x` }, 401],
    ['Host evil.example', { ...admin, host: 'evil.example' }, 403],
    ['Host localhost.evil.example', { ...admin, host: 'localhost.evil.example' }, 403],
  ];
  for (const [name, headers, status] of refused) {
    cases.push(one('payment-service', 'payment-admin', `PUT /admin/gateway ${name}`, rawRequest('PUT', '/admin/gateway', { headers, body: valid }), [status]));
  }
  return cases;
}
