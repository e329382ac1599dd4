import type { IHeaders } from 'kafkajs';
import type { RawRecord } from './groupless-fetcher';

/** A key, value or header as the browser shows it: JSON pretty-printed, text, or hex for bytes that are not UTF-8. */
export interface ShownBytes {
  format: 'json' | 'text' | 'hex' | 'null';
  text: string;
}

export interface RecordView {
  partition: number;
  offset: string;
  timestamp: string;
  key: ShownBytes;
  value: ShownBytes;
  headers: Record<string, ShownBytes>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function showBytes(bytes: Buffer | string | null | undefined): ShownBytes {
  if (bytes === null || bytes === undefined) return { format: 'null', text: '' };
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    return { format: 'hex', text: buffer.toString('hex').replace(/(..)(?!$)/g, '$1 ') };
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { format: 'json', text: JSON.stringify(JSON.parse(trimmed), null, 2) };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { format: 'text', text };
}

/** Header values as text; a repeated header keeps its last value, as the lib reads them. */
export function headerStrings(headers: IHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}

export function toRecordView(record: RawRecord): RecordView {
  const headers: Record<string, ShownBytes> = {};
  for (const [name, raw] of Object.entries(record.headers)) {
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    headers[name] = showBytes(last ?? null);
  }
  return {
    partition: record.partition,
    offset: record.offset,
    timestamp: new Date(Number(record.timestamp)).toISOString(),
    key: showBytes(record.key),
    value: showBytes(record.value),
    headers,
  };
}

/** What a browse keeps: every given filter must match. */
export interface RecordFilter {
  /** Substring of the key (as text). */
  key?: string;
  /** `name=value` (exact) or `name` (present). */
  header?: string;
  /** `path.to.field=value`: the value's JSON field, compared as text. */
  json?: string;
}

export function matches(view: RecordView, filter: RecordFilter): boolean {
  if (filter.key && !view.key.text.includes(filter.key)) return false;
  if (filter.header) {
    const [name, ...rest] = filter.header.split('=');
    const shown = view.headers[name ?? ''];
    if (shown === undefined) return false;
    if (rest.length > 0 && shown.text !== rest.join('=')) return false;
  }
  if (filter.json) {
    const [path, ...rest] = filter.json.split('=');
    if (view.value.format !== 'json') return false;
    const found = fieldAt(JSON.parse(view.value.text), (path ?? '').split('.'));
    if (found === undefined) return false;
    if (rest.length > 0 && String(typeof found === 'object' ? JSON.stringify(found) : found) !== rest.join('=')) return false;
  }
  return true;
}

function fieldAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
