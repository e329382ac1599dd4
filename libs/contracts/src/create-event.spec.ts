import { createEvent, createUncheckedEvent, CreateEventOptions, decodeEvent, encodeEvent, InvalidEventError } from './index';
import { orderCreatedData, paymentProcessedData } from '../test/event-fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function rejection(run: () => unknown): InvalidEventError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}

describe('createEvent', () => {
  it('builds the envelope at the current version with a fresh id', () => {
    const event = createEvent('PaymentProcessed', paymentProcessedData(), {
      correlationId: 'req-7c1e',
      occurredAt: new Date(Date.UTC(2025, 2, 1, 10, 15, 30)),
    });
    expect(event).toEqual({
      eventId: expect.stringMatching(UUID),
      eventType: 'PaymentProcessed',
      version: 1,
      occurredAt: '2025-03-01T10:15:30.000Z',
      correlationId: 'req-7c1e',
      data: paymentProcessedData(),
    });
    const other = createEvent('PaymentProcessed', paymentProcessedData(), { correlationId: 'req-7c1e' });
    expect(other.eventId).not.toBe(event.eventId);
    expect(Number.isNaN(Date.parse(other.occurredAt))).toBe(false);
  });

  it('keeps a given eventId so a retried producer writes the same event', () => {
    const options = {
      correlationId: 'req-7c1e',
      eventId: '3b241101-e2bb-4255-8caf-4136c566a962',
      occurredAt: '2025-03-01T10:15:30.000+01:00',
    };
    const first = createEvent('OrderCreated', orderCreatedData(), options);
    expect(createEvent('OrderCreated', orderCreatedData(), options)).toEqual(first);
    expect(first.occurredAt).toBe('2025-03-01T10:15:30.000+01:00');
  });

  it("copies the caller's data instead of keeping it", () => {
    const data = orderCreatedData();
    const event = createEvent('OrderCreated', data, { correlationId: 'req-7c1e' });
    data.items[0].quantity = 99;
    expect(event.data.items[0].quantity).toBe(2);
    expect(decodeEvent('OrderCreated', encodeEvent(event)).data.items[0].quantity).toBe(2);
  });

  it('throws EVENT.INVALID_DATA in the producer for data consumers would reject', () => {
    const data = { ...orderCreatedData(), items: [{ productId: 'sku-1', quantity: 0, priceCents: 100 }] };
    const error = rejection(() => createEvent('OrderCreated', data, { correlationId: 'req-7c1e' }));
    expect(error.code).toBe('EVENT.INVALID_DATA');
    expect(error.message).toBe('OrderCreated v1: data.items[0].quantity must be at least 1');
  });

  it('throws EVENT.INVALID_ENVELOPE for a bad correlation id, event id or time', () => {
    const attempt = (options: CreateEventOptions) => rejection(() => createEvent('PaymentProcessed', paymentProcessedData(), options));
    expect(attempt({ correlationId: '' })).toMatchObject({ code: 'EVENT.INVALID_ENVELOPE', fields: ['correlationId'] });
    expect(attempt({ correlationId: 'c', eventId: '42' })).toMatchObject({ fields: ['eventId'] });
    expect(attempt({ correlationId: 'c', occurredAt: new Date(Number.NaN) })).toMatchObject({ fields: ['occurredAt'] });
  });
});

describe('createUncheckedEvent', () => {
  const options = { correlationId: 'req-7c1e', eventId: '3b241101-e2bb-4255-8caf-4136c566a962', occurredAt: new Date(Date.UTC(2025, 2, 1)) };

  it('builds the same envelope as createEvent, which decodes back to it', () => {
    const unchecked = createUncheckedEvent('OrderCreated', orderCreatedData(), options);
    expect(unchecked).toEqual(createEvent('OrderCreated', orderCreatedData(), options));
    expect(decodeEvent('OrderCreated', encodeEvent(unchecked))).toEqual(unchecked);
  });

  it('does not check: invalid data is left for the consumer to dead-letter', () => {
    const invalid = { ...orderCreatedData(), totalCents: -1 };
    expect(() => createEvent('OrderCreated', invalid, options)).toThrow(InvalidEventError);
    const event = createUncheckedEvent('OrderCreated', invalid, options);
    expect(rejection(() => decodeEvent('OrderCreated', encodeEvent(event))).code).toBe('EVENT.INVALID_DATA');
  });
});
