import { crc32c } from './crc32c';
import { ErrorCode } from './error-codes';

/**
 * Record batch v2 (magic 2). The broker treats record data as opaque bytes: it reads the
 * fixed 61-byte header, checks the CRC, and rewrites baseOffset, which lies outside the CRC.
 */
export const BATCH_HEADER_SIZE = 61;
/** Bytes before batchLength's coverage starts: baseOffset (8) + batchLength (4). */
export const LOG_OVERHEAD = 12;

const OFF_BATCH_LENGTH = 8;
const OFF_MAGIC = 16;
const OFF_CRC = 17;
const OFF_ATTRIBUTES = 21;
const OFF_LAST_OFFSET_DELTA = 23;
const OFF_BASE_TIMESTAMP = 27;
const OFF_MAX_TIMESTAMP = 35;
const OFF_PRODUCER_ID = 43;
const OFF_PRODUCER_EPOCH = 51;
const OFF_BASE_SEQUENCE = 53;
const OFF_RECORD_COUNT = 57;

const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;

export interface BatchHeader {
  /** Total size including baseOffset and batchLength. */
  size: number;
  magic: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  isTransactional: boolean;
  isControl: boolean;
}

export class InvalidBatchError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

function int64(buf: Buffer, at: number): number {
  return Number(buf.readBigInt64BE(at));
}

export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  const attributes = buf.readInt16BE(at + OFF_ATTRIBUTES);
  return {
    size: buf.readInt32BE(at + OFF_BATCH_LENGTH) + LOG_OVERHEAD,
    magic: buf.readInt8(at + OFF_MAGIC),
    attributes,
    lastOffsetDelta: buf.readInt32BE(at + OFF_LAST_OFFSET_DELTA),
    baseTimestamp: int64(buf, at + OFF_BASE_TIMESTAMP),
    maxTimestamp: int64(buf, at + OFF_MAX_TIMESTAMP),
    producerId: int64(buf, at + OFF_PRODUCER_ID),
    producerEpoch: buf.readInt16BE(at + OFF_PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(at + OFF_BASE_SEQUENCE),
    recordCount: buf.readInt32BE(at + OFF_RECORD_COUNT),
    isTransactional: (attributes & ATTR_TRANSACTIONAL) !== 0,
    isControl: (attributes & ATTR_CONTROL) !== 0,
  };
}

/**
 * Splits a Produce request's records field into batches, validating each (magic, sizes,
 * CRC32C). Returns copies, so stored batches never pin the socket's read buffers.
 */
export function splitAndValidateBatches(records: Buffer): { header: BatchHeader; data: Buffer }[] {
  const out: { header: BatchHeader; data: Buffer }[] = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < BATCH_HEADER_SIZE) {
      throw new InvalidBatchError(ErrorCode.CORRUPT_MESSAGE, 'truncated record batch header');
    }
    const magic = records.readInt8(at + OFF_MAGIC);
    if (magic !== 2) {
      throw new InvalidBatchError(ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, `record batch magic ${magic}, only 2 is accepted`);
    }
    const header = readBatchHeader(records, at);
    if (header.size < BATCH_HEADER_SIZE || at + header.size > records.length) {
      throw new InvalidBatchError(ErrorCode.CORRUPT_MESSAGE, `record batch length ${header.size} does not fit`);
    }
    if (header.recordCount <= 0 || header.lastOffsetDelta !== header.recordCount - 1) {
      throw new InvalidBatchError(ErrorCode.CORRUPT_MESSAGE, 'record count and last offset delta disagree');
    }
    const stored = records.readUInt32BE(at + OFF_CRC);
    const actual = crc32c(records, at + OFF_ATTRIBUTES, at + header.size);
    if (stored !== actual) throw new InvalidBatchError(ErrorCode.CORRUPT_MESSAGE, 'record batch CRC mismatch');
    out.push({ header, data: Buffer.from(records.subarray(at, at + header.size)) });
    at += header.size;
  }
  if (out.length === 0) throw new InvalidBatchError(ErrorCode.CORRUPT_MESSAGE, 'empty records');
  return out;
}

export function setBaseOffset(batch: Buffer, baseOffset: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
}

export function getBaseOffset(batch: Buffer, at = 0): number {
  return int64(batch, at);
}

export function setPartitionLeaderEpoch(batch: Buffer, epoch: number): void {
  batch.writeInt32BE(epoch, 12);
}

function varintSize(v: number): number {
  let zz = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (zz >= 0x80) {
    zz = Math.floor(zz / 0x80);
    n++;
  }
  return n;
}

function writeVarint(buf: Buffer, at: number, v: number): number {
  let zz = v >= 0 ? v * 2 : -v * 2 - 1;
  while (zz >= 0x80) {
    buf[at++] = (zz % 0x80) | 0x80;
    zz = Math.floor(zz / 0x80);
  }
  buf[at++] = zz;
  return at;
}

export type ControlType = 'ABORT' | 'COMMIT';

/** Builds the control batch (one record) that ends a transaction on a partition. */
export function buildControlBatch(type: ControlType, producerId: number, producerEpoch: number, coordinatorEpoch: number, timestamp: number): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type === 'COMMIT' ? 1 : 0, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  // attributes, timestampDelta, offsetDelta, key, value, header count
  const bodyLen = 1 + 1 + 1 + varintSize(key.length) + key.length + varintSize(value.length) + value.length + 1;
  const recordLen = varintSize(bodyLen) + bodyLen;
  const batch = Buffer.alloc(BATCH_HEADER_SIZE + recordLen);
  batch.writeBigInt64BE(0n, 0);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, OFF_BATCH_LENGTH);
  batch.writeInt32BE(0, 12);
  batch.writeInt8(2, OFF_MAGIC);
  batch.writeInt16BE(ATTR_TRANSACTIONAL | ATTR_CONTROL, OFF_ATTRIBUTES);
  batch.writeInt32BE(0, OFF_LAST_OFFSET_DELTA);
  batch.writeBigInt64BE(BigInt(timestamp), OFF_BASE_TIMESTAMP);
  batch.writeBigInt64BE(BigInt(timestamp), OFF_MAX_TIMESTAMP);
  batch.writeBigInt64BE(BigInt(producerId), OFF_PRODUCER_ID);
  batch.writeInt16BE(producerEpoch, OFF_PRODUCER_EPOCH);
  batch.writeInt32BE(-1, OFF_BASE_SEQUENCE);
  batch.writeInt32BE(1, OFF_RECORD_COUNT);
  let at = writeVarint(batch, BATCH_HEADER_SIZE, bodyLen);
  batch.writeInt8(0, at++);
  at = writeVarint(batch, at, 0);
  at = writeVarint(batch, at, 0);
  at = writeVarint(batch, at, key.length);
  at += key.copy(batch, at);
  at = writeVarint(batch, at, value.length);
  at += value.copy(batch, at);
  writeVarint(batch, at, 0);
  batch.writeUInt32BE(crc32c(batch, OFF_ATTRIBUTES), OFF_CRC);
  return batch;
}

/** Reads the marker type from a control batch's single record. */
export function readControlType(batch: Buffer): ControlType {
  let at = BATCH_HEADER_SIZE;
  const varint = (): number => {
    let raw = 0;
    let shift = 0;
    for (;;) {
      const byte = batch[at++];
      raw += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  };
  varint(); // record length
  at += 1; // attributes
  varint(); // timestamp delta
  varint(); // offset delta
  const keyLength = varint();
  if (keyLength < 4) return 'ABORT';
  return batch.readInt16BE(at + 2) === 1 ? 'COMMIT' : 'ABORT';
}
