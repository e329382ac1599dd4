import { compress, decompress, CompressionCodec } from '@app/compression';
import { CompressionCodecs, CompressionTypes, Kafka, KafkaConfig } from 'kafkajs';

/**
 * kafkajs ships gzip only and throws on a fetched batch written with Snappy, LZ4 or ZSTD, which crashes the
 * consumer. Registering the codecs is process-wide (kafkajs keeps one table), so every client the project
 * builds goes through {@link createKafkajs}, which registers them first.
 */
const CODECS: readonly [CompressionTypes.Snappy | CompressionTypes.LZ4 | CompressionTypes.ZSTD, CompressionCodec][] = [
  [CompressionTypes.Snappy, CompressionCodec.Snappy],
  [CompressionTypes.LZ4, CompressionCodec.Lz4],
  [CompressionTypes.ZSTD, CompressionCodec.Zstd],
];

let registered = false;

export function registerKafkajsCodecs(): void {
  if (registered) return;
  registered = true;
  for (const [type, codec] of CODECS) {
    CompressionCodecs[type] = () => ({
      compress: async (encoder: { buffer: Buffer }) => compress(codec, encoder.buffer),
      decompress: async (buffer: Buffer) => decompress(codec, buffer),
    });
  }
}

/** A kafkajs client that reads and writes all four of Kafka's codecs. */
export function createKafkajs(config: KafkaConfig): Kafka {
  registerKafkajsCodecs();
  return new Kafka(config);
}

/** `KAFKA_COMPRESSION` names to kafkajs' producer setting. */
export const KAFKAJS_COMPRESSION: Record<'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd', CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};
