import { decompress } from '@app/compression';

/** A record batch (v2) a client cannot read, with where it sits and its bytes as stored. */
export interface UndecodableBatch {
  baseOffset: bigint;
  lastOffset: bigint;
  reason: string;
  raw: Buffer;
}

const HEADER = 61;
const CODEC_MASK = 0x07;

/**
 * Walks the batches of a fetch answer from its first and returns the first one a client cannot decode: a
 * compression codec Kafka does not know or a payload its codec cannot read, or a record count that disagrees
 * with the records present. Batches that read fine are passed over; `undefined` when every batch is readable.
 */
export function findUndecodableBatch(records: Buffer): UndecodableBatch | undefined {
  let at = 0;
  while (at + HEADER <= records.length) {
    const baseOffset = records.readBigInt64BE(at);
    const size = 12 + records.readInt32BE(at + 8);
    if (at + size > records.length) return undefined; // a partial batch at the end of the answer
    const raw = records.subarray(at, at + size);
    const lastOffset = baseOffset + BigInt(raw.readInt32BE(23));
    const reason = problemOf(raw);
    if (reason !== undefined) return { baseOffset, lastOffset, reason, raw: Buffer.from(raw) };
    at += size;
  }
  return undefined;
}

function problemOf(batch: Buffer): string | undefined {
  if (batch.readInt8(16) !== 2) return undefined; // legacy message sets: kafkajs reads those itself
  const attributes = batch.readInt16BE(21);
  if ((attributes & 0x20) !== 0) return undefined; // control batch
  const count = batch.readInt32BE(57);
  const codec = attributes & CODEC_MASK;
  let payload = batch.subarray(HEADER);
  if (codec > 4) return `unknown compression codec ${codec} (Kafka knows 0-4)`;
  if (codec !== 0) {
    try {
      payload = decompress(codec, payload);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  let at = 0;
  for (let i = 0; i < count; i++) {
    const length = varint(payload, at);
    if (length === undefined) return `record count ${count} but only ${i} records present`;
    at = length.next + length.value;
    if (length.value < 0 || at > payload.length) return `record ${i} of ${count} overruns the batch`;
  }
  if (at !== payload.length) return `record count ${count} but ${payload.length - at} bytes follow the last record`;
  return undefined;
}

function varint(buf: Buffer, start: number): { value: number; next: number } | undefined {
  let raw = 0;
  let shift = 0;
  for (let at = start; at < buf.length && shift < 35; at++, shift += 7) {
    raw |= (buf[at] & 0x7f) << shift;
    if ((buf[at] & 0x80) === 0) return { value: (raw >>> 1) ^ -(raw & 1), next: at + 1 };
  }
  return undefined;
}
