import { EventEnvelope } from './envelope';
import { EVENT_CATALOG, EventType } from './event-catalog';
import { TopicName } from './topics';

type Catalog = typeof EVENT_CATALOG;

/** `EventTopic<'OrderCreated'>` is `'order-created'`. */
export type EventTopic<T extends EventType> = Catalog[T]['topic'];

/** Event types published to `Topic`. */
export type EventTypeOnTopic<Topic extends TopicName> = {
  [T in EventType]: EventTopic<T> extends Topic ? T : never;
}[EventType];

export type EventVersion<T extends EventType> = keyof Catalog[T]['versions'] & number;

export type CurrentVersion<T extends EventType> = Catalog[T]['current'];

/** Shape of `data` of event `T` at version `V` (the version producers write by default). */
export type EventData<T extends EventType, V extends EventVersion<T> = CurrentVersion<T>> = Catalog[T]['versions'][V] extends new () => infer Data ? Data : never;

/** A decoded event of type `T`: a union over its versions, so consumers narrow on `version`. */
export type EventOf<T extends EventType> = T extends EventType ? { [V in EventVersion<T>]: EventEnvelope<T, V, EventData<T, V>> }[EventVersion<T>] : never;

/** Any business event; narrow on `eventType`. */
export type AnyEvent = EventOf<EventType>;

/** Events published to `Topic`. */
export type EventOnTopic<Topic extends TopicName> = EventOf<EventTypeOnTopic<Topic>>;

export type OrderCreatedEvent = EventOf<'OrderCreated'>;
export type PaymentProcessedEvent = EventOf<'PaymentProcessed'>;
export type PaymentFailedEvent = EventOf<'PaymentFailed'>;

export type OrderCreatedData = EventData<'OrderCreated'>;
export type PaymentProcessedData = EventData<'PaymentProcessed'>;
export type PaymentFailedData = EventData<'PaymentFailed'>;

export function topicOf<T extends EventType>(type: T): EventTopic<T> {
  return EVENT_CATALOG[type].topic;
}

/** Event types to accept when consuming `topic`: `decodeEvent(eventTypesOnTopic(topic), bytes)`. */
export function eventTypesOnTopic<Topic extends TopicName>(topic: Topic): EventTypeOnTopic<Topic>[] {
  return (Object.keys(EVENT_CATALOG) as EventType[]).filter((type): type is EventTypeOnTopic<Topic> => EVENT_CATALOG[type].topic === topic);
}
