import { decompress } from '@app/compression';
import { BATCH_HEADER_SIZE, readBatchHeader } from './record-batch';

const CODEC_MASK = 0x07;

/** A zigzag varint (varlong) at `at`: [value, next position]. Numbers past 2^53 lose precision, which timestamps never reach. */
function varlong(buf: Buffer, at: number): [number, number] {
  let raw = 0;
  let scale = 1;
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const byte = buf[i];
    raw += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2, i + 1];
  }
  throw new RangeError(`bad varint at ${at}`);
}

/**
 * The first record of a stored batch whose timestamp is at or after `ts` (its offset delta and timestamp), as
 * Kafka's ListOffsets answers by timestamp: it looks at the records, not only at the batch's max timestamp.
 * Compressed batches are decompressed. Undefined when no record qualifies.
 */
export function firstRecordAtOrAfter(batch: Buffer, ts: number): { offsetDelta: number; timestamp: number } | undefined {
  const header = readBatchHeader(batch);
  if (header.maxTimestamp < ts) return undefined;
  const codec = header.attributes & CODEC_MASK;
  const body = batch.subarray(BATCH_HEADER_SIZE, header.size);
  const records = codec === 0 ? body : decompress(codec, body);
  let at = 0;
  for (let i = 0; i < header.recordCount && at < records.length; i++) {
    const [length, afterLength] = varlong(records, at);
    const [timestampDelta, afterTimestamp] = varlong(records, afterLength + 1); // + attributes (int8)
    const [offsetDelta] = varlong(records, afterTimestamp);
    const timestamp = header.baseTimestamp + timestampDelta;
    if (timestamp >= ts) return { offsetDelta, timestamp };
    at = afterLength + length;
  }
  // A batch whose max timestamp says otherwise: answer at its start, as before.
  return { offsetDelta: 0, timestamp: header.maxTimestamp };
}
