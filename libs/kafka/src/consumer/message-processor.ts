import { claimInbox, Database, isDatabaseUnavailableError } from '@app/database';
import type { ConsumedBatch, ConsumedRecord, OutgoingRecord } from '../client/client.ports';
import { correlationContext } from '../correlation/correlation-context';
import { deadLetterHeaders, integerHeader, MessageOrigin, RetryHeaders, retryHeaders, retryOrigin, withoutRetryHeaders } from '../headers/delivery-headers';
import { errorMessage, errorType, KafkaError } from '../kafka.errors';
import type { KafkaLogger } from '../kafka-logger';
import type { KafkaMetrics } from '../metrics/kafka-metrics';
import { decideFailure } from '../retry/failure-strategy';
import { deadLetterTopic, retryTopic } from '../retry/retry-topics';
import { divert, pauseWhileOwned } from './divert';
import type { HandlerRegistration } from './handler-explorer';
import { correlationIdOf, eventIdOf, InboundMessage } from './inbound-message';
import type { InboxBatcher } from './inbox-batcher';

/** How a delivery topic relates to its handler: the topic itself, or one of the group's retry/redrive topics. */
export interface Route {
  readonly registration: HandlerRegistration;
  readonly kind: 'source' | 'delayed';
}

export interface ProcessorContext {
  readonly db: Database | undefined;
  readonly send: (topic: string, record: OutgoingRecord) => Promise<void>;
  readonly logger: KafkaLogger;
  readonly metrics: KafkaMetrics;
  readonly heartbeatIntervalMs: number;
  /** The group commit of an inbox handler with `concurrency` above 1; undefined for the others. */
  readonly inboxBatcherOf: (registration: HandlerRegistration) => InboxBatcher | undefined;
}

/**
 * Runs one record through its handler and applies the handler's failure strategy. Resolves true when the record
 * is done with (handled, skipped as a duplicate, or safely in a retry or dead-letter topic) and its offset may be
 * resolved; false when the consumer stopped before a failed record could be written anywhere.
 */
export async function processRecord(route: Route, batch: ConsumedBatch, record: ConsumedRecord, context: ProcessorContext): Promise<boolean> {
  const { registration } = route;
  const message = toInboundMessage(route, batch, record);
  const labels = { topic: registration.topic, group: registration.group };
  const stopTimer = context.metrics.handlerDuration.startTimer(labels);
  const run = () => invoke(registration, message, context);
  for (let wait = 1; ; wait++) {
    try {
      const outcome = await (message.correlationId === undefined ? run() : correlationContext.run(message.correlationId, run));
      stopTimer({ outcome });
      context.metrics.consumed.inc(labels);
      return true;
    } catch (error) {
      // The database being away is not this message's fault: every message would fail the same way, so spending
      // its retries (or dead-lettering it) would only move the outage into the DLQ. Wait in place instead, keeping
      // the offset uncommitted, until the database answers again or the partition goes elsewhere.
      if (isDatabaseUnavailableError(error)) {
        if (!(await waitForDatabase(route, message, batch, error, wait, context))) return false;
        continue;
      }
      stopTimer({ outcome: 'failure' });
      context.metrics.consumed.inc(labels);
      return onFailure(registration, message, record, batch, error, context);
    }
  }
}

const DATABASE_WAIT_FIRST_MS = 250;
const DATABASE_WAIT_MAX_MS = 5000;

async function waitForDatabase(route: Route, message: InboundMessage, batch: ConsumedBatch, error: unknown, wait: number, context: ProcessorContext): Promise<boolean> {
  const { topic, group } = route.registration;
  const delayMs = Math.min(DATABASE_WAIT_MAX_MS, DATABASE_WAIT_FIRST_MS * 2 ** (wait - 1));
  context.metrics.databaseWaits.inc({ topic, group });
  context.logger.warn(`${route.registration.name} cannot reach its database; the message waits in place, trying again in ${delayMs} ms`, {
    topic,
    group,
    partition: message.partition,
    offset: message.offset,
    eventId: message.eventId,
    correlationId: message.correlationId,
    wait,
    errorType: errorType(error),
    cause: errorMessage(error),
  });
  return pauseWhileOwned(batch, delayMs, context.heartbeatIntervalMs);
}

async function invoke(registration: HandlerRegistration, message: InboundMessage, context: ProcessorContext): Promise<'success' | 'duplicate'> {
  const { db } = context;
  if (!registration.inbox) {
    await registration.handle(message);
    return 'success';
  }
  const eventId = message.eventId;
  if (eventId === undefined) {
    throw new KafkaError('KAFKA.MISSING_EVENT_ID', `${registration.name} uses the inbox but the message has no event-id header`);
  }
  if (db === undefined) throw new KafkaError('KAFKA.NO_DATABASE', `${registration.name} uses the inbox but no database is provided`, true);
  const batcher = context.inboxBatcherOf(registration);
  if (batcher !== undefined) return batcher.handle({ ...message, eventId });
  return db.transaction(async (tx) => {
    if (!(await claimInbox(tx, registration.group, eventId))) return 'duplicate';
    await registration.handle(message, tx);
    return 'success';
  });
}

async function onFailure(
  registration: HandlerRegistration,
  message: InboundMessage,
  record: ConsumedRecord,
  batch: ConsumedBatch,
  error: unknown,
  context: ProcessorContext,
): Promise<boolean> {
  const { topic, group } = registration;
  const decision = decideFailure(registration.onFailure, { error, attempt: message.attempt, policy: registration.retry });
  const origin: MessageOrigin = { topic, partition: message.partition, offset: message.offset, timestamp: message.timestamp };
  const fields = {
    topic,
    group,
    partition: message.partition,
    offset: message.offset,
    attempt: message.attempt,
    eventId: message.eventId,
    correlationId: message.correlationId,
    errorType: errorType(error),
    cause: errorMessage(error),
  };
  if (decision.action === 'retry') {
    const dueAt = Date.now() + decision.delayMs;
    const target = retryTopic(topic, group, decision.level);
    context.logger.warn(`${registration.name} failed; retry ${decision.level} of ${registration.retry.retries} in ${decision.delayMs} ms`, fields);
    const headers = retryHeaders(message.headers, origin, { attempt: message.attempt + 1, dueAt, error });
    const sent = await divert({ topic: target, record: { key: record.key, value: record.value, headers }, sourceTopic: topic, group }, batch, context.send, context);
    if (sent) context.metrics.retried.inc({ topic, group });
    return sent;
  }
  context.logger.error(`${registration.name} failed (${decision.reason}); moving the message to ${deadLetterTopic(topic)}`, fields);
  const headers = deadLetterHeaders(message.headers, origin, { group, error, attempts: message.attempt });
  const sent = await divert({ topic: deadLetterTopic(topic), record: { key: record.key, value: record.value, headers }, sourceTopic: topic, group }, batch, context.send, context);
  if (sent) context.metrics.deadLettered.inc({ topic, group });
  return sent;
}

export function toInboundMessage(route: Route, batch: ConsumedBatch, record: ConsumedRecord): InboundMessage {
  const delayed = route.kind === 'delayed';
  const origin = (delayed ? retryOrigin(record.headers) : undefined) ?? {
    topic: route.registration.topic,
    partition: batch.partition,
    offset: record.offset,
    timestamp: record.timestamp,
  };
  const headers = withoutRetryHeaders(record.headers);
  return {
    topic: route.registration.topic,
    partition: origin.partition,
    offset: origin.offset,
    timestamp: origin.timestamp,
    key: record.key === null ? null : record.key.toString('utf8'),
    value: record.value,
    headers,
    attempt: delayed ? integerHeader(record.headers, RetryHeaders.Attempt, 1) : 1,
    correlationId: correlationIdOf(headers),
    eventId: eventIdOf(headers),
    deliveredFrom: { topic: batch.topic, partition: batch.partition, offset: record.offset },
  };
}
