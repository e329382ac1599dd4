import { Queryable } from '../database';
import { OutboxMessage } from './outbox-message';

/** An unsent outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  value: Buffer;
  headers: Record<string, string>;
}

// Parameters per row of the multi-row INSERT; 1000 rows stay far below PostgreSQL's 65 535-parameter limit.
const INSERT_COLUMNS = 4;
const INSERT_CHUNK = 1000;
const PURGE_CHUNK = 5000;

export async function insertOutboxRows(q: Queryable, messages: readonly OutboxMessage[]): Promise<void> {
  for (let start = 0; start < messages.length; start += INSERT_CHUNK) {
    const chunk = messages.slice(start, start + INSERT_CHUNK);
    const tuples = chunk.map((_, i) => {
      const p = i * INSERT_COLUMNS;
      return `($${p + 1}, $${p + 2}, $${p + 3}::bytea, $${p + 4}::jsonb)`;
    });
    const params = chunk.flatMap((m) => [m.topic, m.key, toBytes(m.value), JSON.stringify(m.headers)]);
    // VALUES rows get their bigserial ids in list order, which is the order the relay publishes them in.
    await q.query(`INSERT INTO outbox (topic, message_key, value, headers) VALUES ${tuples.join(', ')}`, params);
  }
}

export async function selectUnsent(q: Queryable, limit: number): Promise<OutboxRow[]> {
  const result = await q.query<OutboxRow>('SELECT id, topic, message_key, value, headers FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1', [limit]);
  return result.rows;
}

/** Marks exactly the rows published: a range would also mark rows whose transaction committed after the read. */
export async function markSent(q: Queryable, ids: readonly string[]): Promise<void> {
  await q.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [ids]);
}

export async function countUnsent(q: Queryable): Promise<number> {
  const result = await q.query<{ count: string }>('SELECT count(*) AS count FROM outbox WHERE sent_at IS NULL');
  return Number(result.rows[0]?.count ?? 0);
}

/** Deletes rows sent more than `retentionMs` ago, in chunks so no statement runs long; returns how many. */
export async function purgeSent(q: Queryable, retentionMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await q.query(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox WHERE sent_at < now() - $1::double precision * interval '1 millisecond' LIMIT $2
       )`,
      [retentionMs, PURGE_CHUNK],
    );
    total += result.rowCount;
    if (result.rowCount < PURGE_CHUNK) return total;
  }
}

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return { topic: row.topic, key: row.message_key, value: row.value, headers: row.headers };
}

function toBytes(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}
