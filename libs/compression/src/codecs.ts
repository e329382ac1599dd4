/**
 * Kafka's four compression codecs as Kafka writes and reads them, for the embedded broker (which must decompress a
 * batch to validate it) and for every kafkajs client of the project (libs/kafka registers them).
 *
 * The batch attribute bits 0-2 name the codec: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
 * - gzip: a gzip stream (node:zlib).
 * - snappy: the Java client writes xerial's framing (a magic header, then length-prefixed snappy blocks);
 *   librdkafka and kafkajs may write raw snappy. Both are read; xerial framing is written, as Java does.
 * - lz4: the LZ4 frame format (Kafka's KafkaLZ4BlockOutputStream for record batch v2).
 * - zstd: a zstd frame, with or without the content size in its header.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { compressFrameSync as lz4Compress, decompressFrameSync as lz4Decompress } from 'lz4-napi';
import { compress as zstdCompress, decompress as zstdDecompress } from 'zstd-napi';

export enum CompressionCodec {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

export const CODEC_NAMES: Record<CompressionCodec, string> = {
  [CompressionCodec.None]: 'none',
  [CompressionCodec.Gzip]: 'gzip',
  [CompressionCodec.Snappy]: 'snappy',
  [CompressionCodec.Lz4]: 'lz4',
  [CompressionCodec.Zstd]: 'zstd',
};

/** A payload that its codec cannot read (corrupt, truncated, or an unknown codec id). */
export class CompressionError extends Error {
  readonly code = 'COMPRESSION.INVALID';
  constructor(
    readonly codec: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CompressionError';
  }
}

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_LENGTH = 16;
const XERIAL_BLOCK = 32 * 1024;

function snappyDecode(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_LENGTH || !data.subarray(0, 8).equals(XERIAL_MAGIC)) return snappyUncompress(data) as Buffer;
  const blocks: Buffer[] = [];
  let offset = XERIAL_HEADER_LENGTH;
  while (offset < data.length) {
    if (offset + 4 > data.length) throw new Error('truncated xerial block length');
    const length = data.readInt32BE(offset);
    offset += 4;
    if (length < 0 || offset + length > data.length) throw new Error(`xerial block of ${length} bytes overruns the payload`);
    blocks.push(snappyUncompress(data.subarray(offset, offset + length)) as Buffer);
    offset += length;
  }
  return Buffer.concat(blocks);
}

function snappyEncode(data: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_LENGTH);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(1, 8); // version
  header.writeInt32BE(1, 12); // minimum compatible version
  const parts: Buffer[] = [header];
  for (let at = 0; at < data.length || at === 0; at += XERIAL_BLOCK) {
    const block = snappyCompress(data.subarray(at, at + XERIAL_BLOCK));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

export function isKnownCodec(codec: number): codec is CompressionCodec {
  return Number.isInteger(codec) && codec >= 0 && codec <= 4;
}

export function decompress(codec: number, data: Buffer): Buffer {
  try {
    switch (codec) {
      case CompressionCodec.None:
        return data;
      case CompressionCodec.Gzip:
        return gunzipSync(data);
      case CompressionCodec.Snappy:
        return snappyDecode(data);
      case CompressionCodec.Lz4:
        return lz4Decompress(data);
      case CompressionCodec.Zstd:
        return zstdDecompress(data);
    }
  } catch (error) {
    throw new CompressionError(
      codec,
      `${CODEC_NAMES[codec as CompressionCodec]} payload of ${data.length} bytes cannot be decompressed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  throw new CompressionError(codec, `unknown compression codec ${codec} (Kafka knows 0-4: none, gzip, snappy, lz4, zstd)`);
}

export function compress(codec: number, data: Buffer): Buffer {
  switch (codec) {
    case CompressionCodec.None:
      return data;
    case CompressionCodec.Gzip:
      return gzipSync(data);
    case CompressionCodec.Snappy:
      return snappyEncode(data);
    case CompressionCodec.Lz4:
      return lz4Compress(data);
    case CompressionCodec.Zstd:
      return zstdCompress(data);
  }
  throw new CompressionError(codec, `unknown compression codec ${codec}`);
}

/** `KAFKA_COMPRESSION`-style names to codec ids. */
export function codecByName(name: string): CompressionCodec | undefined {
  const entry = Object.entries(CODEC_NAMES).find(([, n]) => n === name.trim().toLowerCase());
  return entry ? Number(entry[0]) : undefined;
}
