import { Transaction } from '../database';

/**
 * Records that `group` processes event `eventId`, inside the handler's own transaction. True the first time;
 * false for a redelivery, which the handler then skips. The claim commits or rolls back with the handler's
 * writes, so a failed attempt leaves the event claimable; a concurrent duplicate waits on the key and gets false.
 */
export async function claimInbox(tx: Transaction, group: string, eventId: string): Promise<boolean> {
  const result = await tx.query(
    'INSERT INTO inbox (consumer_group, event_id) VALUES ($1, $2) ON CONFLICT (consumer_group, event_id) DO NOTHING',
    [group, eventId],
  );
  return result.rowCount === 1;
}
