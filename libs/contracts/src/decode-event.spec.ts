import { createEvent, decodeEvent, encodeEvent, eventTypesOnTopic, InvalidEventError, Topics } from './index';
import { drop, JsonChange, orderCreatedData, paymentFailedData, paymentProcessedData, set, wireJson } from '../test/event-fixtures';

const order = createEvent('OrderCreated', orderCreatedData(), {
  correlationId: 'req-7c1e',
  eventId: '3b241101-e2bb-4255-8caf-4136c566a962',
  occurredAt: '2025-03-01T10:15:30.000Z',
});

function rejection(run: () => unknown): InvalidEventError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError, but the payload was accepted');
}

function rejectionOfOrder(change: JsonChange): InvalidEventError {
  return rejection(() => decodeEvent('OrderCreated', wireJson(order, change)));
}

describe('decodeEvent', () => {
  it('round-trips every event type through its JSON bytes', () => {
    const events = [
      order,
      createEvent('PaymentProcessed', paymentProcessedData(), { correlationId: 'req-7c1e' }),
      createEvent('PaymentFailed', paymentFailedData(), { correlationId: 'req-7c1e' }),
    ];
    for (const event of events) {
      expect(decodeEvent(event.eventType, encodeEvent(event))).toStrictEqual(event);
    }
  });

  it('accepts a string payload and any of several expected types', () => {
    const decoded = decodeEvent(['PaymentProcessed', 'OrderCreated'], JSON.stringify(order));
    expect(decoded.eventType).toBe('OrderCreated');
    expect(decoded.data).toEqual(orderCreatedData());
  });

  it.each([
    ['plain text', Buffer.from('order ord_8f14e45f created')],
    ['truncated JSON', encodeEvent(order).subarray(0, 40)],
    ['random bytes', Buffer.from('9c1f7be2a04d55e8c3b6f10e7a29d4cc0b8e61f3', 'hex')],
    ['Avro in the Confluent wire format', Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07, 0x16, 0x6f, 0x72, 0x64])],
    ['an empty value', Buffer.alloc(0)],
    ['a tombstone', null],
  ])('rejects %s as EVENT.INVALID_JSON', (_case, bytes) => {
    const error = rejection(() => decodeEvent('OrderCreated', bytes));
    expect(error.code).toBe('EVENT.INVALID_JSON');
    expect(error.retriable).toBe(false);
  });

  it('rejects JSON that is not an object as EVENT.INVALID_ENVELOPE', () => {
    const error = rejection(() => decodeEvent('OrderCreated', JSON.stringify([order])));
    expect(error.code).toBe('EVENT.INVALID_ENVELOPE');
    expect(error.message).toBe('payload must be a JSON object');
  });

  it('rejects a bare data object without envelope, naming the missing envelope fields', () => {
    const error = rejection(() => decodeEvent('OrderCreated', JSON.stringify(orderCreatedData())));
    expect(error.code).toBe('EVENT.INVALID_ENVELOPE');
    expect(error.fields).toEqual(expect.arrayContaining(['eventId', 'eventType', 'version', 'data', 'orderId']));
    expect(error.message).toContain('eventId is missing');
    expect(error.message).toContain('orderId is not an allowed field');
  });

  it.each([
    ['a non-UUID eventId', set('eventId', 'evt-1'), 'eventId must be a UUID'],
    ['a date without time', set('occurredAt', '2025-03-01'), 'occurredAt must be an ISO-8601 date-time'],
    ['a date that does not exist', set('occurredAt', '2025-02-30T10:00:00Z'), 'occurredAt must be an ISO-8601'],
    ['a version as a string', set('version', '1'), 'version must be an integer'],
    ['an empty correlationId', set('correlationId', ''), 'correlationId must not be empty'],
    ['data as an array', set('data', []), 'data must be an object'],
    ['an extra envelope field', set('tenant', 'acme'), 'tenant is not an allowed field'],
  ])('rejects %s as EVENT.INVALID_ENVELOPE', (_case, change, message) => {
    const error = rejectionOfOrder(change);
    expect(error.code).toBe('EVENT.INVALID_ENVELOPE');
    expect(error.message).toContain(message);
  });

  it('rejects an event type that does not exist as EVENT.UNKNOWN_TYPE', () => {
    const error = rejectionOfOrder(set('eventType', 'OrderShipped'));
    expect(error.code).toBe('EVENT.UNKNOWN_TYPE');
    expect(error.message).toBe('eventType "OrderShipped" is not a known event type (expected OrderCreated)');
    expect(error.context).toMatchObject({ eventType: 'OrderShipped', eventId: order.eventId });
  });

  it('rejects an event type named like an Object.prototype member as EVENT.UNKNOWN_TYPE', () => {
    expect(rejectionOfOrder(set('eventType', 'toString')).code).toBe('EVENT.UNKNOWN_TYPE');
  });

  it('rejects a valid event of another topic as EVENT.UNKNOWN_TYPE', () => {
    const payment = createEvent('PaymentProcessed', paymentProcessedData(), { correlationId: 'req-7c1e' });
    const error = rejection(() => decodeEvent(eventTypesOnTopic(Topics.OrderCreated), encodeEvent(payment)));
    expect(error.code).toBe('EVENT.UNKNOWN_TYPE');
    expect(error.message).toBe('eventType "PaymentProcessed" is not expected here (expected OrderCreated)');
  });

  it('rejects a version this consumer does not know as EVENT.UNKNOWN_VERSION, keeping ids for the logs', () => {
    expect(rejectionOfOrder(set('version', 2))).toMatchObject({
      code: 'EVENT.UNKNOWN_VERSION',
      retriable: false,
      fields: ['version'],
      message: 'OrderCreated version 2 is not known to this consumer (known: 1)',
      context: { eventType: 'OrderCreated', version: 2, eventId: order.eventId, correlationId: 'req-7c1e' },
    });
  });

  const item = { productId: 'sku-1', quantity: 1, priceCents: 100 };
  // The message names the field first; it is also the only field reported.
  it.each([
    ['a missing field', drop('data.userId'), 'data.userId is missing'],
    ['a wrong type', set('data.totalCents', '8899'), 'data.totalCents must be an integer number of cents'],
    ['a fractional amount', set('data.totalCents', 88.99), 'data.totalCents must be an integer number of cents'],
    ['negative quantity', set('data.items', [{ ...item, quantity: -1 }]), 'data.items[0].quantity must be at least 1'],
    ['an extra item field', set('data.items', [{ ...item, tax: 5 }]), 'data.items[0].tax is not an allowed field'],
    ['an extra field', set('data.couponCode', 'SPRING25'), 'data.couponCode is not an allowed field'],
    ['no items', set('data.items', []), 'data.items must not be empty'],
    ['an item that is not an object', set('data.items', ['sku-1']), 'data.items[0] must be an object'],
    ['another currency', set('data.currency', 'EUR'), "data.currency must be 'USD'"],
  ])('rejects data with %s as EVENT.INVALID_DATA, naming the field', (_case, change, message) => {
    const error = rejectionOfOrder(change);
    expect(error.code).toBe('EVENT.INVALID_DATA');
    expect(error.retriable).toBe(false);
    expect(error.fields).toEqual([message.split(' ')[0]]);
    expect(error.message).toBe(`OrderCreated v1: ${message}`);
  });

  it('reports every faulty field at once', () => {
    const error = rejectionOfOrder((json) => {
      drop('data.orderId')(json);
      set('data.totalCents', -5)(json);
    });
    expect(error.fields).toEqual(['data.orderId', 'data.totalCents']);
    expect(error.message).toBe('OrderCreated v1: data.orderId is missing; data.totalCents must not be negative');
  });

  it('accepts a PaymentFailed with a null payment id but not one without the key', () => {
    const failed = createEvent('PaymentFailed', paymentFailedData(), { correlationId: 'req-7c1e' });
    expect(decodeEvent('PaymentFailed', encodeEvent(failed)).data.paymentId).toBeNull();

    const error = rejection(() => decodeEvent('PaymentFailed', wireJson(failed, drop('data.paymentId'))));
    expect(error.message).toBe('PaymentFailed v1: data.paymentId is missing');
  });

  it('rejects a PaymentFailed reason outside the closed set', () => {
    const failed = createEvent('PaymentFailed', paymentFailedData(), { correlationId: 'req-7c1e' });
    const error = rejection(() => decodeEvent('PaymentFailed', wireJson(failed, set('data.reason', 'TIMEOUT'))));
    expect(error.code).toBe('EVENT.INVALID_DATA');
    expect(error.fields).toEqual(['data.reason']);
  });

  it('refuses to be called without a known expected type or with a bad size limit', () => {
    expect(() => decodeEvent([], encodeEvent(order))).toThrow(TypeError);
    expect(() => decodeEvent('OrderCreated', encodeEvent(order), { maxBytes: 0 })).toThrow(RangeError);
  });
});
