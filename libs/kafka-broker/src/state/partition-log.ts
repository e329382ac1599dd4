import { ErrorCode } from '../protocol/error-codes';
import { BatchHeader, ControlType, buildControlBatch, readControlType, setBaseOffset } from '../protocol/record-batch';
import { firstRecordAtOrAfter } from '../protocol/record-timestamps';
import { ProducerSequences } from './producer-sequences';
import { StorageError } from './storage/disk-io';
import type { PartitionStore } from './storage/partition-store';

export interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly data: Buffer;
}

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
}

export type AppendResult = { errorCode: 0; baseOffset: number; logAppendTime: number; duplicate: boolean } | { errorCode: number; message: string };

export interface ReadResult {
  batches: Buffer[];
  bytes: number;
  abortedTransactions: { producerId: number; firstOffset: number }[];
}

/**
 * One partition's log: record batches stored as opaque bytes with offsets assigned, the high
 * watermark, the log start offset and, for transactions, the last stable offset and the list
 * of aborted transactions. With a store, every append is written through before it returns.
 */
export class PartitionLog {
  private batches: StoredBatch[] = [];
  /** Index in `batches` of the first live batch (trimming is amortised). */
  private head = 0;
  logStartOffset = 0;
  /** Next offset to assign; with replication factor 1 it is also the high watermark. */
  logEndOffset = 0;
  private sizeBytes = 0;
  readonly producers = new ProducerSequences();
  /** Open transactions on this partition: producer id -> first offset. */
  private readonly ongoingTxns = new Map<number, number>();
  private abortedTxns: AbortedTxn[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly store: PartitionStore | null = null,
  ) {}

  get highWatermark(): number {
    return this.logEndOffset;
  }

  get lastStableOffset(): number {
    let lso = this.logEndOffset;
    for (const first of this.ongoingTxns.values()) lso = Math.min(lso, first);
    return lso;
  }

  get size(): number {
    return this.sizeBytes;
  }

  get batchCount(): number {
    return this.batches.length - this.head;
  }

  /** Appends one validated batch from a producer, applying idempotence and transaction rules. */
  append(header: BatchHeader, data: Buffer): AppendResult {
    if (header.isControl) return { errorCode: ErrorCode.INVALID_REQUEST, message: 'clients may not write control batches' };
    const check = this.producers.check(header);
    if (check.kind === 'error') return { errorCode: check.errorCode, message: check.message };
    if (check.kind === 'duplicate') return { errorCode: 0, baseOffset: check.baseOffset, logAppendTime: -1, duplicate: true };
    let baseOffset: number;
    try {
      baseOffset = this.write(header, data);
    } catch (err) {
      // Kafka's answer for a log dir that failed a write; the producer retries it
      if (err instanceof StorageError) return { errorCode: ErrorCode.KAFKA_STORAGE_ERROR, message: err.message };
      throw err;
    }
    if (header.isTransactional && !this.ongoingTxns.has(header.producerId)) {
      this.ongoingTxns.set(header.producerId, baseOffset);
    }
    return { errorCode: 0, baseOffset, logAppendTime: -1, duplicate: false };
  }

  /** Writes the marker that commits or aborts a producer's open transaction here (StorageError when the disk refuses it). */
  writeControl(type: ControlType, producerId: number, producerEpoch: number, coordinatorEpoch: number, now: number): number {
    const data = buildControlBatch(type, producerId, producerEpoch, coordinatorEpoch, now);
    const header = {
      size: data.length,
      magic: 2,
      attributes: 0x30,
      lastOffsetDelta: 0,
      baseTimestamp: now,
      maxTimestamp: now,
      producerId,
      producerEpoch,
      baseSequence: -1,
      recordCount: 1,
      isTransactional: true,
      isControl: true,
    };
    const offset = this.write(header, data);
    this.applyControl(type, producerId, offset);
    return offset;
  }

  private applyControl(type: ControlType, producerId: number, markerOffset: number): void {
    const first = this.ongoingTxns.get(producerId);
    this.ongoingTxns.delete(producerId);
    if (type === 'ABORT' && first !== undefined) {
      this.abortedTxns.push({ producerId, firstOffset: first, lastOffset: markerOffset });
    }
    this.notify();
  }

  hasOngoingTxn(producerId: number): boolean {
    return this.ongoingTxns.has(producerId);
  }

  /** Nothing changes in memory unless the store took the batch (it throws StorageError otherwise). */
  private write(header: BatchHeader, data: Buffer): number {
    const baseOffset = this.logEndOffset;
    setBaseOffset(data, baseOffset);
    this.store?.append(data, baseOffset, baseOffset + header.lastOffsetDelta);
    this.push({ baseOffset, lastOffset: baseOffset + header.lastOffsetDelta, maxTimestamp: header.maxTimestamp, data });
    this.producers.record(header, baseOffset);
    this.notify();
    return baseOffset;
  }

  private push(batch: StoredBatch): void {
    this.batches.push(batch);
    this.logEndOffset = batch.lastOffset + 1;
    this.sizeBytes += batch.data.length;
  }

  /**
   * Restores a batch read back from disk (offsets already assigned), rebuilding producer and
   * transaction state the way Kafka does on log recovery.
   */
  restore(header: BatchHeader, data: Buffer, baseOffset: number): void {
    this.push({ baseOffset, lastOffset: baseOffset + header.lastOffsetDelta, maxTimestamp: header.maxTimestamp, data });
    this.producers.record(header, baseOffset);
    if (header.isControl) {
      this.applyControl(readControlType(data), header.producerId, baseOffset);
    } else if (header.isTransactional && !this.ongoingTxns.has(header.producerId)) {
      this.ongoingTxns.set(header.producerId, baseOffset);
    }
  }

  /** Index of the first live batch whose lastOffset >= offset. */
  private findBatch(offset: number): number {
    let lo = this.head;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batches[mid].lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Reads whole batches from `offset`. The first batch is always returned when `mustReturnOne`
   * (so a batch larger than the limit cannot wedge a consumer); others only while they fit.
   */
  read(offset: number, maxBytes: number, readCommitted: boolean, mustReturnOne: boolean): ReadResult {
    const upper = readCommitted ? this.lastStableOffset : this.logEndOffset;
    const batches: Buffer[] = [];
    let bytes = 0;
    let lastRead = offset;
    for (let i = this.findBatch(offset); i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b.baseOffset >= upper) break;
      if (bytes + b.data.length > maxBytes && !(mustReturnOne && batches.length === 0)) break;
      batches.push(b.data);
      bytes += b.data.length;
      lastRead = b.lastOffset;
    }
    const abortedTransactions =
      readCommitted && batches.length > 0
        ? this.abortedTxns.filter((t) => t.lastOffset >= offset && t.firstOffset <= lastRead).map((t) => ({ producerId: t.producerId, firstOffset: t.firstOffset }))
        : [];
    return { batches, bytes, abortedTransactions };
  }

  /** ListOffsets by timestamp: the first record (from the log start) with a timestamp >= ts and that timestamp, or -1. */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } {
    for (let i = this.head; i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b.maxTimestamp < ts) continue;
      const found = firstRecordAtOrAfter(b.data, ts);
      if (found === undefined) continue;
      return { offset: Math.max(b.baseOffset + found.offsetDelta, this.logStartOffset), timestamp: found.timestamp };
    }
    return { offset: -1, timestamp: -1 };
  }

  /** DeleteRecords / retention: moves the log start offset forward, dropping whole batches below it. */
  truncateBefore(offset: number): number {
    if (offset === -1) offset = this.highWatermark;
    if (offset < 0 || offset > this.highWatermark) return ErrorCode.OFFSET_OUT_OF_RANGE;
    if (offset <= this.logStartOffset) return ErrorCode.NONE;
    // the start offset is recorded first: memory never runs ahead of what a restart would see
    try {
      this.store?.truncateBefore(offset);
    } catch (err) {
      if (err instanceof StorageError) return ErrorCode.KAFKA_STORAGE_ERROR;
      throw err;
    }
    this.logStartOffset = offset;
    while (this.head < this.batches.length && this.batches[this.head].lastOffset < offset) {
      this.sizeBytes -= this.batches[this.head].data.length;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.batches.length) {
      this.batches = this.batches.slice(this.head);
      this.head = 0;
    }
    this.abortedTxns = this.abortedTxns.filter((t) => t.lastOffset >= offset);
    return ErrorCode.NONE;
  }

  /**
   * Applies retention.ms and retention.bytes (-1 = unlimited) relative to `now`, oldest batch
   * first, as Kafka does per segment: a batch goes when its newest timestamp is older than
   * retention.ms, or when the log without it still holds at least retention.bytes. The newest
   * batch is not exempt (Kafka rolls and deletes an expired active segment too), so a fully
   * expired partition ends up empty with its start offset at the high watermark. Returns
   * KAFKA_STORAGE_ERROR when the disk refused it (nothing changed; the next run tries again).
   */
  applyRetention(retentionMs: number, retentionBytes: number, now: number): number {
    let cut = this.logStartOffset;
    let size = this.sizeBytes;
    for (let i = this.head; i < this.batches.length; i++) {
      const b = this.batches[i];
      const expired = retentionMs >= 0 && b.maxTimestamp < now - retentionMs;
      const oversize = retentionBytes >= 0 && size - b.data.length >= retentionBytes;
      if (!expired && !oversize) break;
      size -= b.data.length;
      cut = b.lastOffset + 1;
    }
    return cut > this.logStartOffset ? this.truncateBefore(cut) : ErrorCode.NONE;
  }

  /**
   * At start-up, when retention or DeleteRecords had removed every batch: numbering continues
   * from the offset the files recorded rather than restarting at 0.
   */
  resumeEmptyAt(offset: number): void {
    if (this.batchCount > 0 || offset <= this.logEndOffset) return;
    this.logStartOffset = offset;
    this.logEndOffset = offset;
  }

  /** Calls `fn` on the next append or transaction marker (Fetch long-poll). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify(): void {
    if (this.listeners.size === 0) return;
    const fns = [...this.listeners];
    this.listeners.clear();
    for (const fn of fns) fn();
  }

  flush(): void {
    this.store?.flush();
  }

  close(): void {
    this.store?.close();
  }

  destroy(): void {
    this.store?.destroy();
    this.notify();
  }
}
