import type { Admin } from 'kafkajs';
import { badRequest, notFound } from '../console.errors';
import type { GrouplessFetcher } from './groupless-fetcher';
import { matches, type RecordFilter, type RecordView, toRecordView } from './record-view';
import { requireTopic } from './topics';

export interface BrowseQuery {
  partition?: number;
  /** From this offset on (needs or applies to every partition). */
  offset?: bigint;
  /** From the first record at or after this time (ms since the epoch). */
  timestamp?: number;
  /** At most this many records are returned (1..500). */
  limit: number;
  filter: RecordFilter;
}

export interface BrowseResult {
  mode: 'newest' | 'offset' | 'timestamp';
  records: RecordView[];
  /** Records read to answer (more than returned when a filter is set). */
  scanned: number;
}

/** With a filter, this many records per partition are read at most to find `limit` matches. */
const SCAN_PER_PARTITION = 5000;

export function parseBrowseQuery(query: Readonly<Record<string, string | undefined>>): BrowseQuery {
  const integer = (name: string, min: number, max: number): number | undefined => {
    const raw = query[name];
    if (raw === undefined || raw === '') return undefined;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) throw badRequest(`${name}: an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    return value;
  };
  const rawOffset = query.offset;
  if (rawOffset !== undefined && rawOffset !== '' && !/^\d+$/.test(rawOffset)) throw badRequest(`offset: a non-negative integer, got ${JSON.stringify(rawOffset)}`);
  const rawTime = query.timestamp;
  let timestamp: number | undefined;
  if (rawTime !== undefined && rawTime !== '') {
    timestamp = /^\d+$/.test(rawTime) ? Number(rawTime) : Date.parse(rawTime);
    if (!Number.isFinite(timestamp)) throw badRequest(`timestamp: milliseconds since the epoch or an ISO time, got ${JSON.stringify(rawTime)}`);
  }
  return {
    partition: integer('partition', 0, 100_000),
    offset: rawOffset === undefined || rawOffset === '' ? undefined : BigInt(rawOffset),
    timestamp,
    limit: integer('limit', 1, 500) ?? 50,
    filter: { key: query.key || undefined, header: query.header || undefined, json: query.json || undefined },
  };
}

/**
 * Reads records of `topic` without any consumer group: newest first by default, or forward from an offset or a
 * time. Offsets are looked up with the admin client, records are read with plain Fetch requests.
 */
export async function browseMessages(admin: Admin, fetcher: GrouplessFetcher, topic: string, query: BrowseQuery): Promise<BrowseResult> {
  await requireTopic(admin, topic);
  const ranges = await admin.fetchTopicOffsets(topic);
  if (query.partition !== undefined && !ranges.some((r) => r.partition === query.partition)) throw notFound(`topic ${topic} has no partition ${query.partition}`);
  const chosen = ranges.filter((r) => query.partition === undefined || r.partition === query.partition);
  const filtering = query.filter.key !== undefined || query.filter.header !== undefined || query.filter.json !== undefined;
  const perPartition = filtering ? SCAN_PER_PARTITION : query.limit;
  const mode: BrowseResult['mode'] = query.offset !== undefined ? 'offset' : query.timestamp !== undefined ? 'timestamp' : 'newest';
  const starts = new Map<number, bigint>();
  if (mode === 'timestamp') {
    for (const found of await admin.fetchTopicOffsetsByTimestamp(topic, query.timestamp)) starts.set(found.partition, BigInt(found.offset));
  }
  const read = await Promise.all(
    chosen.map(async (range) => {
      const low = BigInt(range.low);
      const high = BigInt(range.high);
      let from: bigint;
      if (mode === 'newest') from = high - BigInt(perPartition) > low ? high - BigInt(perPartition) : low;
      else if (mode === 'offset') from = (query.offset ?? 0n) > low ? (query.offset ?? 0n) : low;
      else from = starts.get(range.partition) ?? high;
      // A timestamp past the last record comes back as -1: nothing to read there.
      if (from < 0n) from = high;
      return fetcher.read(topic, range.partition, from, high, perPartition);
    }),
  );
  const all = read.flat();
  const views = all.map(toRecordView).filter((view) => matches(view, query.filter));
  if (mode === 'newest') views.sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.partition - a.partition || Number(BigInt(b.offset) - BigInt(a.offset)));
  else views.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  return { mode, records: views.slice(0, query.limit), scanned: all.length };
}

/** The end offset of each partition: where a live tail starts. */
export async function endOffsets(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  await requireTopic(admin, topic);
  return new Map((await admin.fetchTopicOffsets(topic)).map((r) => [r.partition, BigInt(r.high)]));
}

/** Records written since `positions` (moved forward); one Fetch round per partition that has new records. */
export async function tailOnce(admin: Admin, fetcher: GrouplessFetcher, topic: string, positions: Map<number, bigint>, filter: RecordFilter): Promise<RecordView[]> {
  const ranges = await admin.fetchTopicOffsets(topic);
  const found: RecordView[] = [];
  for (const range of ranges) {
    const high = BigInt(range.high);
    const from = positions.get(range.partition) ?? BigInt(range.low);
    if (from >= high) continue;
    const records = await fetcher.read(topic, range.partition, from, high, 200);
    positions.set(range.partition, records.length > 0 ? BigInt(records[records.length - 1]?.offset ?? from) + 1n : high);
    found.push(...records.map(toRecordView).filter((v) => matches(v, filter)));
  }
  return found;
}
