import { ErrorCode } from './error-codes';
import { InvalidBatchError, buildControlBatch, readBatchHeader, readControlType, setBaseOffset, splitAndValidateBatches } from './record-batch';

// kafkajs's own encoder and decoder serve as an independent reference implementation.
const { RecordBatch: KafkajsRecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (opts: object) => Promise<{ buffer: Buffer }>;
};
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (opts: object) => unknown;
const KafkajsBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{
  firstOffset: string;
  isControlBatch: boolean;
  inTransaction: boolean;
  records: { key: Buffer; value: Buffer; offset: string }[];
}>;
const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const Long = require('kafkajs/src/utils/long') as { fromValue(v: number): unknown };

async function kafkajsBatch(values: string[], opts: object = {}): Promise<Buffer> {
  const records = values.map((v, i) => KafkajsRecord({ offsetDelta: i, key: Buffer.from(`k${i}`), value: Buffer.from(v) }));
  const batch = await KafkajsRecordBatch({ records, lastOffsetDelta: values.length - 1, firstTimestamp: 1000, maxTimestamp: 1000 + values.length, ...opts });
  return Buffer.from(batch.buffer);
}

describe('record batch v2', () => {
  it('accepts a batch encoded by kafkajs and reads its header', async () => {
    const bytes = await kafkajsBatch(['a', 'bb', 'ccc'], { producerId: Long.fromValue(42), producerEpoch: 3, firstSequence: 7 });
    const [batch] = splitAndValidateBatches(bytes);
    expect(batch.header).toMatchObject({
      size: bytes.length,
      magic: 2,
      lastOffsetDelta: 2,
      recordCount: 3,
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 7,
      baseTimestamp: 1000,
      maxTimestamp: 1003,
      isTransactional: false,
      isControl: false,
    });
    expect(batch.data.equals(bytes)).toBe(true);
    setBaseOffset(batch.data, 99); // a copy, not a view of the request's bytes
    expect(readBatchHeader(bytes).size).toBe(bytes.length);
    expect(bytes.readBigInt64BE(0)).toBe(0n);
  });

  it('splits concatenated batches', async () => {
    const both = Buffer.concat([await kafkajsBatch(['x']), await kafkajsBatch(['y', 'z'])]);
    expect(splitAndValidateBatches(both).map((b) => b.header.recordCount)).toEqual([1, 2]);
  });

  it('refuses a batch whose bytes were altered (CRC32C)', async () => {
    const bytes = await kafkajsBatch(['payload']);
    bytes[bytes.length - 3] ^= 0xff;
    expect(() => splitAndValidateBatches(bytes)).toThrow(expect.objectContaining({ errorCode: ErrorCode.CORRUPT_MESSAGE }));
  });

  it('refuses old message formats and truncated batches', async () => {
    const bytes = await kafkajsBatch(['payload']);
    const old = Buffer.from(bytes);
    old.writeInt8(1, 16);
    expect(() => splitAndValidateBatches(old)).toThrow(expect.objectContaining({ errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT }));
    expect(() => splitAndValidateBatches(bytes.subarray(0, bytes.length - 1))).toThrow(InvalidBatchError);
    expect(() => splitAndValidateBatches(bytes.subarray(0, 30))).toThrow(InvalidBatchError);
  });

  it('rewrites the base offset without invalidating the CRC, and kafkajs reads the records at the new offsets', async () => {
    const [batch] = splitAndValidateBatches(await kafkajsBatch(['a', 'b']));
    setBaseOffset(batch.data, 1234);
    expect(() => splitAndValidateBatches(batch.data)).not.toThrow();
    const decoded = await KafkajsBatchDecoder(new KafkajsDecoder(batch.data));
    expect(decoded.records.map((r) => [r.offset, r.value.toString()])).toEqual([
      ['1234', 'a'],
      ['1235', 'b'],
    ]);
  });

  it('builds control batches that kafkajs recognises as commit and abort markers', async () => {
    for (const type of ['COMMIT', 'ABORT'] as const) {
      const data = buildControlBatch(type, 77, 2, 0, 5000);
      const header = readBatchHeader(data);
      expect(header).toMatchObject({ isControl: true, isTransactional: true, producerId: 77, producerEpoch: 2, recordCount: 1 });
      expect(readControlType(data)).toBe(type);
      expect(() => splitAndValidateBatches(data)).not.toThrow();
      const decoded = await KafkajsBatchDecoder(new KafkajsDecoder(data));
      expect(decoded.isControlBatch).toBe(true);
      expect(decoded.inTransaction).toBe(true);
    }
  });
});
