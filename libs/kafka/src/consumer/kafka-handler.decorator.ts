import { SetMetadata } from '@nestjs/common';
import type { Transaction } from '@app/database';
import type { RetryPolicy } from '../retry/backoff';
import type { FailureStrategyName } from '../retry/failure-strategy';
import type { InboundMessage } from './inbound-message';

export const KAFKA_HANDLER_METADATA = Symbol('kafka-handler');

export interface KafkaHandlerOptions {
  topic: string;
  /** Consumer group; handlers of one group share one consumer. Letters, digits, '.', '_' and '-' only. */
  group: string;
  /** Overrides fields of the module's retry policy for this handler. */
  retry?: Partial<RetryPolicy>;
  /** Default `retry-then-dead-letter`. */
  onFailure?: FailureStrategyName;
  /**
   * Run the handler in a database transaction in which the event id (`event-id` header) is already claimed for
   * the group: a redelivered event is acknowledged without calling the handler, and the handler's writes commit
   * together with the claim. Needs `DatabaseModule` and the inbox migrations.
   */
  inbox?: boolean;
  /** Where the group starts on this topic when it has no committed offset. Default: the module's `consumer.fromBeginning`. */
  fromBeginning?: boolean;
  /**
   * Records of one fetched batch handled at the same time (1 to 1000). Default 1: one at a time, in offset order.
   * Above 1, records of a partition may finish out of order (offsets are still committed in order, only up to the
   * first record not done); use it only when the handler's messages are independent of each other, e.g. one event
   * per key, or idempotent through the inbox. Retry topics are always read one record at a time. With `inbox`, the
   * records in flight share one transaction; when one of them throws, the others are rolled back and run again
   * alone, so such a handler must keep its effects inside `tx` (the outbox, not a direct send).
   */
  concurrency?: number;
}

/** What a decorated method looks like. `tx` is given only to handlers declared with `inbox: true`. */
export type KafkaMessageHandler = (message: InboundMessage, tx?: Transaction) => Promise<void> | void;

/**
 * Declares a method of a provider as the handler of `topic` in consumer group `group`. Discovered at start-up;
 * one handler per (topic, group). Throwing fails the message: see {@link FailureStrategyName}.
 */
export function KafkaHandler(options: KafkaHandlerOptions): MethodDecorator {
  return SetMetadata(KAFKA_HANDLER_METADATA, Object.freeze({ ...options, retry: options.retry && Object.freeze({ ...options.retry }) }));
}
