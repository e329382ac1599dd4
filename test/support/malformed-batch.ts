import { crc32c } from '../../libs/kafka-broker/src/protocol/crc32c';
import { RawClient } from '../../libs/kafka-broker/test/raw-client';

/**
 * Record batches a well-behaved producer never writes but a broker that stores batches as they come accepts:
 * the CRC is right, the content is not. Sent with a bare Produce v3 request, as a foreign or buggy client would.
 */
export type Malformation =
  /** Codec bits say zstd; the payload is not a zstd frame. */
  | 'corrupt-zstd'
  /** Codec bits 5: no codec Kafka knows, over bytes that are no records either (kafkajs reads codec 5 as none). */
  | 'unknown-codec'
  /** The header counts two records; one follows. */
  | 'record-count-too-high';

const PRODUCE = 0;

export async function produceMalformedBatch(bootstrap: string, topic: string, partition: number, kind: Malformation): Promise<string> {
  const client = await RawClient.connect(bootstrap);
  try {
    const r = await client.request(PRODUCE, 3, (w) => {
      w.nullableString(null).int16(-1).int32(10_000);
      w.array([topic], (w, t) => w.string(t).array([partition], (w, p) => w.int32(p).nullableBytes(malformedBatch(kind))));
    });
    r.int32(); // topics
    r.string();
    r.int32(); // partitions
    r.int32();
    const errorCode = r.int16();
    const baseOffset = r.int64();
    if (errorCode !== 0) throw new Error(`the broker refused the ${kind} batch with error code ${errorCode}`);
    return baseOffset.toString();
  } finally {
    client.close();
  }
}

export function malformedBatch(kind: Malformation): Buffer {
  const record = oneRecord(Buffer.from('{"malformed":true}'));
  switch (kind) {
    case 'corrupt-zstd':
      return batch(4, 1, Buffer.from('this is not a zstd frame at all'));
    case 'unknown-codec':
      return batch(5, 1, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]));
    case 'record-count-too-high':
      return batch(0, 2, record);
  }
}

function batch(codec: number, count: number, records: Buffer): Buffer {
  const out = Buffer.alloc(61 + records.length);
  out.writeBigInt64BE(0n, 0);
  out.writeInt32BE(out.length - 12, 8);
  out.writeInt32BE(-1, 12); // partition leader epoch
  out.writeInt8(2, 16); // magic
  out.writeInt16BE(codec, 21);
  out.writeInt32BE(count - 1, 23); // last offset delta
  const now = BigInt(Date.now());
  out.writeBigInt64BE(now, 27);
  out.writeBigInt64BE(now, 35);
  out.writeBigInt64BE(-1n, 43); // producer id
  out.writeInt16BE(-1, 51);
  out.writeInt32BE(-1, 53);
  out.writeInt32BE(count, 57);
  records.copy(out, 61);
  out.writeUInt32BE(crc32c(out, 21), 17);
  return out;
}

function oneRecord(value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from([0]), zigzag(0), zigzag(0), zigzag(-1), zigzag(value.length), value, zigzag(0)]);
  return Buffer.concat([zigzag(body.length), body]);
}

function zigzag(n: number): Buffer {
  let v = (n << 1) ^ (n >> 31);
  const bytes: number[] = [];
  while ((v & ~0x7f) !== 0) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}
