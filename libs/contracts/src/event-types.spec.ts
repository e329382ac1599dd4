import {
  AnyEvent,
  createEvent,
  deadLetterTopic,
  EVENT_CATALOG,
  EventData,
  EventOf,
  EventOnTopic,
  EventTopic,
  eventTypesOnTopic,
  EventType,
  OrderCreatedEvent,
  PaymentFailedEvent,
  topicOf,
  Topics,
} from './index';
import { orderCreatedData } from '../test/event-fixtures';

/** Compile-time equality; `tsc --noEmit -p .` checks these lines, jest only runs them. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_Check extends true>(): void {}

describe('topics and event types', () => {
  it('names the topics and their dead-letter topics', () => {
    expect(Object.values(Topics)).toEqual(['order-created', 'payment-processed', 'payment-failed']);
    expect(deadLetterTopic(Topics.PaymentProcessed)).toBe('payment-processed-dlq');
    assertType<Equal<ReturnType<typeof deadLetterTopic<'order-created'>>, 'order-created-dlq'>>();
  });

  it('maps each event type to its topic, at runtime and in types', () => {
    expect(topicOf('OrderCreated')).toBe('order-created');
    expect(topicOf('PaymentProcessed')).toBe('payment-processed');
    expect(topicOf('PaymentFailed')).toBe('payment-failed');
    expect(eventTypesOnTopic(Topics.PaymentFailed)).toEqual(['PaymentFailed']);
    assertType<Equal<EventTopic<'OrderCreated'>, 'order-created'>>();
    assertType<Equal<EventOnTopic<'payment-failed'>, PaymentFailedEvent>>();
    assertType<Equal<AnyEvent['eventType'], EventType>>();
    assertType<Equal<EventOf<'OrderCreated'>, OrderCreatedEvent>>();
  });

  it('has every current version registered among its versions', () => {
    for (const definition of Object.values(EVENT_CATALOG)) {
      expect(Object.keys(definition.versions)).toContain(String(definition.current));
    }
  });

  it('rejects wrong data shapes at compile time', () => {
    const options = { correlationId: 'req-1' };
    const items = [{ productId: 'p', quantity: '2', priceCents: 1 }];
    // @ts-expect-error quantity must be a number
    expect(() => createEvent('OrderCreated', { ...orderCreatedData(), items }, options)).toThrow();
    // @ts-expect-error PaymentProcessed data is not OrderCreated data
    expect(() => createEvent('OrderCreated', { orderId: 'o', paymentId: 'p', amountCents: 1 }, options)).toThrow();
    // @ts-expect-error 'TIMEOUT' is not a PaymentFailed reason
    const reason: EventData<'PaymentFailed'>['reason'] = 'TIMEOUT';
    expect(reason).toBe('TIMEOUT');
    const event: OrderCreatedEvent = createEvent('OrderCreated', orderCreatedData(), options);
    // @ts-expect-error an OrderCreated event cannot be published as a PaymentFailed one
    const wrong: PaymentFailedEvent = event;
    expect(wrong.eventType).toBe('OrderCreated');
  });
});
