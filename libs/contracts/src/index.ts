export { Topics, deadLetterTopic } from './topics';
export type { TopicName, DeadLetterTopic } from './topics';
export type { EventEnvelope } from './envelope';
export { EVENT_CATALOG, isEventType } from './event-catalog';
export type { EventType, DataSchema } from './event-catalog';
export { topicOf, eventTypesOnTopic } from './event-types';
export type {
  AnyEvent,
  CurrentVersion,
  EventData,
  EventOf,
  EventOnTopic,
  EventTopic,
  EventTypeOnTopic,
  EventVersion,
  OrderCreatedData,
  OrderCreatedEvent,
  PaymentFailedData,
  PaymentFailedEvent,
  PaymentProcessedData,
  PaymentProcessedEvent,
} from './event-types';
export { OrderCreatedDataV1, OrderItemV1 } from './events/order-created.v1';
export { PaymentProcessedDataV1 } from './events/payment-processed.v1';
export { PaymentFailedDataV1, PAYMENT_FAILURE_REASONS } from './events/payment-failed.v1';
export type { PaymentFailureReason } from './events/payment-failed.v1';
export { createEvent, createUncheckedEvent, encodeEvent } from './create-event';
export type { CreateEventOptions, NewEvent } from './create-event';
export { decodeEvent } from './decode-event';
export type { DecodeEventOptions } from './decode-event';
export { DEFAULT_MAX_EVENT_BYTES } from './safe-json';
export type { EventBytes } from './safe-json';
export { InvalidEventError } from './invalid-event.error';
export type { InvalidEventCode, InvalidEventContext } from './invalid-event.error';
