import type { KafkaMessage } from 'kafkajs';
import { toConsumedRecord } from '@app/kafka/client/kafkajs-records';

/** How `value` of a {@link RecordView} was decoded. */
export type ValueFormat = 'json' | 'text' | 'base64' | 'null';

/** A record as the CLI shows it; also its JSON shape (`consume --json`, `dlq show --json`). */
export interface RecordView {
  topic: string;
  partition: number;
  offset: number;
  /** ISO 8601; null when the record carries no timestamp. */
  timestamp: string | null;
  /** UTF-8 text; null when the record has no key. */
  key: string | null;
  /** As the services read them: UTF-8 strings, a repeated header keeping its last value. */
  headers: Record<string, string>;
  /** Parsed JSON, text, base64 of bytes that are not UTF-8, or null. */
  value: unknown;
  valueFormat: ValueFormat;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function recordView(topic: string, partition: number, message: KafkaMessage): RecordView {
  // The lib's own decoding, so headers read here exactly as a handler sees them.
  const record = toConsumedRecord(message);
  const { value, valueFormat } = decodeValue(record.value);
  return {
    topic,
    partition,
    offset: Number(record.offset),
    timestamp: isoTime(record.timestamp),
    key: record.key === null ? null : record.key.toString('utf8'),
    headers: record.headers,
    value,
    valueFormat,
  };
}

/** The value for people: JSON (indented when `pretty`), the text as is, or `base64:...`. */
export function renderValue(view: Pick<RecordView, 'value' | 'valueFormat'>, pretty = false): string {
  switch (view.valueFormat) {
    case 'json':
      return JSON.stringify(view.value, null, pretty ? 2 : undefined);
    case 'text':
      return String(view.value);
    case 'base64':
      return `base64:${String(view.value)}`;
    case 'null':
      return '(null)';
  }
}

export function isoTime(milliseconds: number): string | null {
  return Number.isFinite(milliseconds) && milliseconds >= 0 ? new Date(milliseconds).toISOString() : null;
}

function decodeValue(bytes: Buffer | null): { value: unknown; valueFormat: ValueFormat } {
  if (bytes === null) return { value: null, valueFormat: 'null' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { value: bytes.toString('base64'), valueFormat: 'base64' };
  }
  try {
    return { value: JSON.parse(text), valueFormat: 'json' };
  } catch {
    return { value: text, valueFormat: 'text' };
  }
}
