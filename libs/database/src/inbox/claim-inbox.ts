import { Transaction } from '../database';

/**
 * Records that `group` processes event `eventId`, inside the handler's own transaction. True the first time;
 * false for a redelivery, which the handler then skips. The claim commits or rolls back with the handler's
 * writes, so a failed attempt leaves the event claimable; a concurrent duplicate waits on the key and gets false.
 */
export async function claimInbox(tx: Transaction, group: string, eventId: string): Promise<boolean> {
  const result = await tx.query('INSERT INTO inbox (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT (consumer_group, event_id) DO NOTHING', [group, eventId]);
  return result.rowCount === 1;
}

/**
 * {@link claimInbox} for many events in one statement, for handlers that group the records in flight into one
 * transaction. Returns the ids claimed now; the others were processed before (or are being claimed by a
 * concurrent transaction, which this one then waits for). Ids are claimed in sorted order, so two batches
 * sharing an id lock it in the same order and cannot deadlock.
 */
export async function claimInboxBatch(tx: Transaction, group: string, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const { rows } = await tx.query<{ event_id: string }>(
    `INSERT INTO inbox (consumer_group, event_id) SELECT $1, e FROM unnest($2::text[]) AS e
     ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING event_id`,
    [group, [...eventIds].sort()],
  );
  return new Set(rows.map((row) => row.event_id));
}
