import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { ConsumedRecord, OutgoingRecord } from './client.ports';

export function toConsumedRecord(message: KafkaMessage): ConsumedRecord {
  return {
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: headersToStrings(message.headers),
    timestamp: Number(message.timestamp),
  };
}

export function toKafkajsMessage(record: OutgoingRecord): Message {
  return {
    key: record.key,
    value: record.value,
    headers: record.headers === undefined ? undefined : { ...record.headers },
    partition: record.partition,
  };
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) result[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return result;
}
