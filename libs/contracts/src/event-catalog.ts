import { OrderCreatedDataV1 } from './events/order-created.v1';
import { PaymentFailedDataV1 } from './events/payment-failed.v1';
import { PaymentProcessedDataV1 } from './events/payment-processed.v1';
import { TopicName, Topics } from './topics';

/** A class-validator class describing one version of an event's `data`. */
export type DataSchema = new () => object;

interface EventDefinition<Topic extends TopicName, Versions extends Readonly<Record<number, DataSchema>>, Current extends keyof Versions & number> {
  /** The one topic this event type is published to. */
  readonly topic: Topic;
  /** Every version consumers must still accept. */
  readonly versions: Versions;
  /** The version producers write; always one of `versions`. */
  readonly current: Current;
}

function defineEvent<const Topic extends TopicName, const Versions extends Readonly<Record<number, DataSchema>>, const Current extends keyof Versions & number>(
  definition: EventDefinition<Topic, Versions, Current>,
): EventDefinition<Topic, Versions, Current> {
  return Object.freeze({ ...definition, versions: Object.freeze({ ...definition.versions }) });
}

/**
 * Every business event: its topic, the schema of each version of its data, and the version producers write.
 *
 * Adding v2 of an event, e.g. `PaymentProcessed` gaining `currency`:
 * 1. write `PaymentProcessedDataV2` in `events/payment-processed.v2.ts`, beside v1;
 * 2. register it, `versions: { 1: PaymentProcessedDataV1, 2: PaymentProcessedDataV2 }`, keeping `current: 1`.
 *    `PaymentProcessedEvent` becomes a union on `version`, so the compiler points at every consumer that
 *    must narrow it; deploy the consumers;
 * 3. set `current: 2`, and producers write v2;
 * 4. remove v1 only once no v1 event can still be read (topic retention, dead-letter topics, the outbox).
 */
export const EVENT_CATALOG = Object.freeze({
  OrderCreated: defineEvent({
    topic: Topics.OrderCreated,
    versions: { 1: OrderCreatedDataV1 },
    current: 1,
  }),
  PaymentProcessed: defineEvent({
    topic: Topics.PaymentProcessed,
    versions: { 1: PaymentProcessedDataV1 },
    current: 1,
  }),
  PaymentFailed: defineEvent({
    topic: Topics.PaymentFailed,
    versions: { 1: PaymentFailedDataV1 },
    current: 1,
  }),
});

type Catalog = typeof EVENT_CATALOG;

export type EventType = keyof Catalog;

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_CATALOG, value);
}

/** The data schema registered for `type` at `version`, if any. */
export function dataSchemaOf(type: EventType, version: number): DataSchema | undefined {
  const versions: Readonly<Record<number, DataSchema>> = EVENT_CATALOG[type].versions;
  return Object.hasOwn(versions, version) ? versions[version] : undefined;
}

export function knownVersionsOf(type: EventType): number[] {
  return Object.keys(EVENT_CATALOG[type].versions).map(Number);
}
