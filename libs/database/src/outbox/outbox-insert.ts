import { assertValidMessage } from './enqueue-outbox';
import type { OutboxMessage } from './outbox-message';

/** SQL text and the parameters it reads, from `$first` on. */
export interface OutboxInsert {
  sql: string;
  params: unknown[];
}

/** Keeps message i only when `owners[i]` is among the values `among` (a subquery of the same statement) yields. */
export interface OutboxKeepIf {
  owners: readonly string[];
  /** SQL type of the owner ids, e.g. `uuid`. */
  ownerType: string;
  among: string;
}

const SQL_TYPE = /^[a-z_][a-z0-9_]*$/;

/**
 * The outbox INSERT of `messages` as one statement over arrays (parameters `$first` on), for a writer to embed as a
 * data-modifying CTE of its own statement: its rows and their messages then commit together in one round trip,
 * with no BEGIN and COMMIT, which {@link enqueueOutbox} inside a transaction needs. Row ids follow the order of
 * `messages`, so per-key order holds as with enqueueOutbox. Wake the relay once the statement has returned.
 */
export function outboxInsert(messages: readonly OutboxMessage[], first: number, keepIf?: OutboxKeepIf): OutboxInsert {
  messages.forEach(assertValidMessage);
  if (keepIf !== undefined && (keepIf.owners.length !== messages.length || !SQL_TYPE.test(keepIf.ownerType))) {
    throw new RangeError('outboxInsert: keepIf needs one owner per message and a plain SQL type name');
  }
  const p = (i: number) => `$${first + i}`;
  const params: unknown[] = [
    messages.map((m) => m.topic),
    messages.map((m) => m.key),
    // Text arrays travel the same way to PostgreSQL and PGlite; base64 keeps any bytes intact.
    messages.map((m) => (typeof m.value === 'string' ? Buffer.from(m.value, 'utf8') : m.value).toString('base64')),
    messages.map((m) => JSON.stringify(m.headers)),
  ];
  const columns = `${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[]`;
  let from = `unnest(${columns}) WITH ORDINALITY AS m(topic, message_key, value, headers, n)`;
  let where = '';
  if (keepIf !== undefined) {
    params.push([...keepIf.owners]);
    from = `unnest(${columns}, ${p(4)}::${keepIf.ownerType}[]) WITH ORDINALITY AS m(topic, message_key, value, headers, owner, n)`;
    where = ` WHERE owner IN (${keepIf.among})`;
  }
  const sql = `INSERT INTO outbox (topic, message_key, value, headers) SELECT topic, message_key, decode(value, 'base64'), headers::jsonb FROM ${from}${where} ORDER BY n`;
  return { sql, params };
}
