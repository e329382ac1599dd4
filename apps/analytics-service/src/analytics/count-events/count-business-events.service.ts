import { Injectable } from '@nestjs/common';
import { claimInboxBatch, Database, GroupCommit, InjectDatabase, Transaction } from '@app/database';
import { addToTotals, TotalName } from '../analytics.repository';
import { ANALYTICS_SERVICE_GROUP } from '../analytics-service.group';

/** What one business event adds to the totals. */
export interface CountedEvent {
  eventId: string;
  amounts: Partial<Record<TotalName, number>>;
}

export type CountOutcome = 'counted' | 'duplicate';

/** Most events counted by one transaction; the handlers run this many records of a batch at once. */
export const COUNT_BATCH = 100;

/**
 * Adds events to the totals exactly once in effect: each event id is claimed in the inbox in the transaction
 * that adds its amounts. Events handled at the same time share that transaction (group commit): one claim and
 * one update of the totals for the whole batch, instead of a transaction per event, which at full load cost
 * this service and PostgreSQL several times the work of counting.
 */
@Injectable()
export class CountBusinessEventsService {
  private readonly counter: GroupCommit<CountedEvent, CountOutcome>;

  constructor(@InjectDatabase() db: Database) {
    this.counter = new GroupCommit((events) => db.transaction((tx) => countEvents(tx, events)), {
      maxBatchSize: COUNT_BATCH,
      // PGlite runs one transaction at a time: a second batch in flight would only wait for its connection.
      maxConcurrentBatches: db.kind === 'pglite' ? 1 : 2,
      // One event twice (a redelivery racing the first delivery) goes to two batches, one after the other.
      keyOf: (event) => event.eventId,
    });
  }

  count(event: CountedEvent): Promise<CountOutcome> {
    return this.counter.submit(event);
  }
}

/** Claims the events in `tx` and adds the amounts of those claimed now, summed, in one statement. */
export async function countEvents(tx: Transaction, events: readonly CountedEvent[]): Promise<CountOutcome[]> {
  const claimed = await claimInboxBatch(
    tx,
    ANALYTICS_SERVICE_GROUP,
    events.map((e) => e.eventId),
  );
  const sums: Partial<Record<TotalName, number>> = {};
  for (const event of events) {
    if (!claimed.has(event.eventId)) continue;
    for (const [name, amount] of Object.entries(event.amounts) as [TotalName, number][]) sums[name] = (sums[name] ?? 0) + amount;
  }
  await addToTotals(tx, sums);
  return events.map((e) => (claimed.has(e.eventId) ? 'counted' : 'duplicate'));
}
