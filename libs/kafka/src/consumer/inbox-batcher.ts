import { claimInboxBatch, Database, GroupCommit, Transaction } from '@app/database';
import { correlationContext } from '../correlation/correlation-context';
import type { HandlerRegistration } from './handler-explorer';
import type { InboundMessage } from './inbound-message';

/** A message whose `eventId` the caller checked. */
type InboxMessage = InboundMessage & { eventId: string };

export type InboxOutcome = 'success' | 'duplicate';

/**
 * Group commit for an inbox handler that runs several records at once (`concurrency` above 1): the records in
 * flight share one transaction, their event ids claimed with one statement, then each claimed record's handler
 * runs in turn on that transaction. If any handler throws, the transaction rolls back and each record is run
 * again in a transaction of its own, so a failure is still one record's failure, with its own retry or dead
 * letter, and nothing of the others is lost or written twice.
 */
export class InboxBatcher {
  private readonly group: GroupCommit<InboxMessage, InboxOutcome>;

  constructor(
    private readonly db: Database,
    private readonly registration: HandlerRegistration,
  ) {
    this.group = new GroupCommit((messages) => db.transaction((tx) => this.handleAll(tx, messages)), {
      maxBatchSize: registration.concurrency,
      // PGlite runs one transaction at a time: a second batch in flight would only wait for its connection.
      maxConcurrentBatches: db.kind === 'pglite' ? 1 : 2,
      keyOf: (message) => message.eventId,
    });
  }

  handle(message: InboxMessage): Promise<InboxOutcome> {
    return this.group.submit(message);
  }

  private async handleAll(tx: Transaction, messages: readonly InboxMessage[]): Promise<InboxOutcome[]> {
    const claimed = await claimInboxBatch(
      tx,
      this.registration.group,
      messages.map((m) => m.eventId),
    );
    const outcomes: InboxOutcome[] = [];
    for (const message of messages) {
      if (!claimed.has(message.eventId)) {
        outcomes.push('duplicate');
        continue;
      }
      // Each handler logs and produces under its own message's correlation id, not the batch's first.
      await correlationContext.runOrClear(message.correlationId, () => this.registration.handle(message, tx));
      outcomes.push('success');
    }
    return outcomes;
  }
}
