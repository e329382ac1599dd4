import { gzipSync } from 'node:zlib';
import { compressSync as rawSnappy } from 'snappy';
import { CompressionCodec, CompressionError, codecByName, compress, decompress } from './codecs';

const text = Buffer.from('order-created '.repeat(5_000));

describe('Kafka compression codecs', () => {
  it.each([CompressionCodec.Gzip, CompressionCodec.Snappy, CompressionCodec.Lz4, CompressionCodec.Zstd])('codec %i round-trips and shrinks a repetitive payload', (codec) => {
    const packed = compress(codec, text);
    expect(packed.length).toBeLessThan(text.length / 4);
    expect(decompress(codec, packed).equals(text)).toBe(true);
  });

  it('snappy is written with xerial framing, as the Java client writes it, and spans several blocks', () => {
    const packed = compress(CompressionCodec.Snappy, Buffer.alloc(100_000, 7));
    expect(packed.subarray(0, 8)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]));
    expect(decompress(CompressionCodec.Snappy, packed).equals(Buffer.alloc(100_000, 7))).toBe(true);
  });

  it('reads raw (unframed) snappy too, as librdkafka may write it', () => {
    expect(decompress(CompressionCodec.Snappy, rawSnappy(text)).equals(text)).toBe(true);
  });

  it('an empty payload round-trips with every codec', () => {
    for (const codec of [1, 2, 3, 4]) expect(decompress(codec, compress(codec, Buffer.alloc(0))).length).toBe(0);
  });

  it.each([1, 2, 3, 4])('a corrupt codec-%i payload is a CompressionError naming the codec, not a crash', (codec) => {
    const packed = codec === 1 ? gzipSync(text) : compress(codec, text);
    const broken = Buffer.concat([packed.subarray(0, 20), Buffer.alloc(40, 0xff)]);
    expect(() => decompress(codec, broken)).toThrow(CompressionError);
  });

  it('an unknown codec id is refused with what Kafka knows', () => {
    expect(() => decompress(5, text)).toThrow(/unknown compression codec 5/);
    expect(() => decompress(7, text)).toThrow(CompressionError);
  });

  it('names map to codec ids for KAFKA_COMPRESSION', () => {
    expect(codecByName('ZSTD')).toBe(CompressionCodec.Zstd);
    expect(codecByName('none')).toBe(CompressionCodec.None);
    expect(codecByName('brotli')).toBeUndefined();
  });
});
