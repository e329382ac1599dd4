import { Transaction } from '../database';
import { DatabaseError } from '../database.errors';
import { OutboxMessage } from './outbox-message';
import { insertOutboxRows } from './outbox.repository';

/**
 * Writes `messages` to the outbox inside the caller's business transaction, so they commit (and are later
 * published) together with its rows, or not at all. Call `tx.afterCommit(() => relay.wake())` to publish at once.
 */
export async function enqueueOutbox(tx: Transaction, messages: readonly OutboxMessage[]): Promise<void> {
  messages.forEach(assertValidMessage);
  if (messages.length > 0) await insertOutboxRows(tx, messages);
}

export function assertValidMessage(message: OutboxMessage, index: number): void {
  const problem = describeProblem(message);
  if (problem) throw new DatabaseError('OUTBOX.INVALID_MESSAGE', `outbox message ${index}: ${problem}`);
}

function describeProblem(message: OutboxMessage): string | undefined {
  if (typeof message.topic !== 'string' || message.topic === '') return 'topic must be a non-empty string';
  if (typeof message.key !== 'string') return 'key must be a string';
  if (typeof message.value !== 'string' && !Buffer.isBuffer(message.value)) return 'value must be a string or a Buffer';
  if (typeof message.headers !== 'object' || message.headers === null || Array.isArray(message.headers)) {
    return 'headers must be an object of strings';
  }
  const badHeader = Object.entries(message.headers).find(([, value]) => typeof value !== 'string');
  return badHeader ? `header ${badHeader[0]} must be a string` : undefined;
}
