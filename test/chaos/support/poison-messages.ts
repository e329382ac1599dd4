import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Poison for `order-created`: records no consumer can ever act on, each marked so the scenario can find it again
 * in `order-created-dlq` (the lib copies key and application headers there). The marker is the header
 * `chaos-poison: <n>`; the `missing-headers` kind carries no headers at all, so its marker is its key.
 */
export const POISON_HEADER = 'chaos-poison';
export const POISON_KIND_HEADER = 'chaos-poison-kind';
const POISON_KEY_PREFIX = 'chaos-poison-';

/** What each kind becomes in decodeEvent, i.e. the `dlq-error-type` expected (see {@link expectedErrorType}). */
export const POISON_KINDS = {
  'random-bytes': 'EVENT.INVALID_JSON',
  'invalid-utf8': 'EVENT.INVALID_JSON',
  'empty-value': 'EVENT.INVALID_JSON',
  'not-an-object': 'EVENT.INVALID_ENVELOPE',
  'wrong-schema': 'EVENT.INVALID_ENVELOPE',
  'wrong-data': 'EVENT.INVALID_DATA',
  'unknown-event-type': 'EVENT.UNKNOWN_TYPE',
  'other-event-type': 'EVENT.UNKNOWN_TYPE',
  'unknown-version': 'EVENT.UNKNOWN_VERSION',
  huge: 'EVENT.INVALID_ENVELOPE',
  'deeply-nested': 'EVENT.INVALID_JSON',
  'proto-keys': 'EVENT.INVALID_ENVELOPE',
  'wrong-key': 'EVENT.INVALID_DATA',
  'missing-headers': 'EVENT.INVALID_DATA',
  'at-size-limit': 'EVENT.INVALID_ENVELOPE',
} as const;

export type PoisonKind = keyof typeof POISON_KINDS;

export interface PoisonRecord {
  readonly marker: string;
  readonly kind: PoisonKind;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/**
 * Big, yet under the topic's max.message.bytes (1 MB) with room for the dead-letter headers: a record over
 * decodeEvent's 1 MiB limit cannot be produced at all, since the broker's limit is only 12 bytes above it.
 */
const HUGE_BYTES = 900 * 1024;
const NESTING_LEVELS = 10_000;

/**
 * The kinds in turn: each small kind four times per cycle and `huge` once, so that 1,000 records hold about 19
 * huge ones (17 MB, written again by each of the three groups into the dead-letter topic) rather than 70.
 */
const CYCLE: readonly PoisonKind[] = (Object.keys(POISON_KINDS) as PoisonKind[])
  .filter((kind) => kind !== 'at-size-limit')
  .flatMap((kind) => (kind === 'huge' ? [kind] : [kind, kind, kind, kind]));

/** `count` poison records; every kind is present in any count of {@link CYCLE}'s length (53) or more. */
export function poisonRecords(count: number): PoisonRecord[] {
  return Array.from({ length: count }, (_, n) => poisonRecord(n, CYCLE[n % CYCLE.length]));
}

/**
 * The `dlq-error-type` every group must give the record: each decodes it first (their inbox claims take the event
 * id from the decoded envelope, not from the `event-id` header), so a record without headers fails on its data.
 */
export function expectedErrorType(kind: PoisonKind): string {
  return POISON_KINDS[kind];
}

/** The marker of a record read back from a topic, or undefined when it is not poison of ours. */
export function poisonMarkerOf(key: string | null, headers: Readonly<Record<string, string>>): string | undefined {
  const marker = headers[POISON_HEADER];
  if (marker !== undefined) return marker;
  return key?.startsWith(POISON_KEY_PREFIX) ? key.slice(POISON_KEY_PREFIX.length) : undefined;
}

function poisonRecord(n: number, kind: PoisonKind): PoisonRecord {
  const marker = String(n);
  const orderId = randomUUID();
  // Each has an event id of its own: the inbox of the notification and analytics groups would skip a repeated one.
  const headers = { 'event-id': randomUUID(), 'event-type': 'OrderCreated', 'event-version': '1', 'correlation-id': `poison-${n}`, [POISON_HEADER]: marker, [POISON_KIND_HEADER]: kind };
  const record = (value: Buffer | null, key: Buffer | null = Buffer.from(orderId)): PoisonRecord => ({ marker, kind, key, value, headers });
  switch (kind) {
    case 'random-bytes':
      // A control character first: random bytes could otherwise spell a JSON number, which is valid JSON.
      return record(Buffer.concat([Buffer.from([1 + (n % 8)]), randomBytes(n % 512)]));
    case 'invalid-utf8':
      return record(Buffer.concat([Buffer.from('{"eventId":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]));
    case 'empty-value':
      return record(n % 2 === 0 ? null : Buffer.alloc(0));
    case 'not-an-object':
      return record(json([['order', orderId], 42, 'OrderCreated', null, true][n % 5]));
    case 'wrong-schema':
      return record(json({ id: orderId, type: 'OrderCreated', payload: { userId: 'u1', amount: '12.50' } }));
    case 'wrong-data':
      return record(json(envelope(n, 'OrderCreated', 1, { ...goodData(orderId), totalCents: '1250', items: 'many' })));
    case 'unknown-event-type':
      return record(json(envelope(n, 'OrderShipped', 1, goodData(orderId))));
    case 'other-event-type':
      return record(json(envelope(n, 'PaymentProcessed', 1, { orderId, paymentId: 'pay_1', amountCents: 100 })));
    case 'unknown-version':
      return record(json(envelope(n, 'OrderCreated', 2 + (n % 7), goodData(orderId))));
    case 'huge':
      return record(Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(HUGE_BYTES, 'x'), Buffer.from('"}')]));
    case 'deeply-nested':
      return record(Buffer.from(`${'['.repeat(NESTING_LEVELS)}${']'.repeat(NESTING_LEVELS)}`));
    case 'proto-keys':
      return record(Buffer.from(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"eventId":"${randomUUID()}"}`));
    case 'wrong-key':
      // A valid envelope around invalid data, under a key no order has: null, binary, or far too long.
      return record(json(envelope(n, 'OrderCreated', 1, { ...goodData(orderId), currency: 'EUR' })), [null, randomBytes(16), Buffer.alloc(10_000, 'k')][n % 3]);
    case 'missing-headers':
      return { marker, kind, key: Buffer.from(POISON_KEY_PREFIX + marker), value: json(envelope(n, 'OrderCreated', 1, { ...goodData(orderId), userId: '' })), headers: {} };
    case 'at-size-limit':
      return atSizeLimitRecord(marker, HUGE_BYTES);
  }
}

/**
 * A record of `valueBytes` bytes of JSON, to find the largest the topic accepts: its dead-letter copy, with the
 * dlq-* headers added, is then over the limit of `order-created-dlq`.
 */
export function atSizeLimitRecord(marker: string, valueBytes: number): PoisonRecord {
  const value = Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(valueBytes - 10, 'x'), Buffer.from('"}')]);
  const headers = { 'event-id': randomUUID(), 'correlation-id': `poison-${marker}`, [POISON_HEADER]: marker, [POISON_KIND_HEADER]: 'at-size-limit' };
  return { marker, kind: 'at-size-limit', key: Buffer.from(randomUUID()), value, headers };
}

function envelope(n: number, eventType: string, version: number, data: unknown): unknown {
  return { eventId: randomUUID(), eventType, version, occurredAt: new Date().toISOString(), correlationId: `poison-${n}`, data };
}

function goodData(orderId: string): Record<string, unknown> {
  return { orderId, userId: 'poison-user', items: [{ productId: 'sku-1', quantity: 1, priceCents: 100 }], totalCents: 100, currency: 'USD' };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
