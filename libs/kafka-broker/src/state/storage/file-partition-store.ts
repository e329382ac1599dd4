import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c } from '../../protocol/crc32c';
import { BATCH_HEADER_SIZE, BatchHeader, LOG_OVERHEAD, getBaseOffset, readBatchHeader } from '../../protocol/record-batch';
import { DiskIo, StorageError, cutBack, nodeDiskIo, writeFully } from './disk-io';
import type { PartitionStore } from './partition-store';

export type FsyncPolicy = 'always' | 'interval' | 'never';

const SEGMENT_SUFFIX = '.log';
const START_FILE = 'log-start-offset';

interface Segment {
  baseOffset: number;
  file: string;
}

function segmentName(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0') + SEGMENT_SUFFIX;
}

/** The I/O a store does, by kind of file (tests give faulty ones). */
export interface StoreIo {
  segment: DiskIo;
  file: DiskIo;
}

const READ_WRITE_CREATE = fs.constants.O_RDWR | fs.constants.O_CREAT;

/**
 * A partition on disk: segment files of raw record batches (exactly the bytes served to
 * consumers), rolled at `segment.bytes`, plus the log start offset. Appends are positional
 * `writeSync` calls, so they reach the OS before the produce is acknowledged; fsync follows
 * the policy. An append that fails part-way (a full disk writes short, then ENOSPC) cuts the
 * segment back to where it started and throws StorageError, so torn bytes are only ever the
 * last thing in a file and the next append reuses the refused one's offsets.
 */
export class FilePartitionStore implements PartitionStore {
  private segments: Segment[] = [];
  private fd = -1;
  private activeSize = 0;
  private dirty = false;
  /** The offset after the last stored batch. */
  private endOffset = 0;
  /** A failed append whose bytes could not be cut off yet: no append goes behind them. */
  private tornAt: number | null = null;
  /** The log start offset as last written to START_FILE. */
  private recordedStart = 0;

  private constructor(
    readonly dir: string,
    private readonly segmentBytes: () => number,
    private readonly fsync: FsyncPolicy,
    private readonly io: StoreIo,
  ) {}

  /**
   * Opens (or creates) the partition directory and replays every intact batch through
   * `onBatch`. A batch torn by a crash mid-write (short or failing its CRC) ends the log: the
   * file is cut there, as Kafka's log recovery does. Returns the recorded log start offset and
   * the next offset to assign (an empty last segment is named after it, see truncateBefore).
   */
  static open(
    dir: string,
    segmentBytes: () => number,
    fsync: FsyncPolicy,
    onBatch: (header: BatchHeader, data: Buffer, baseOffset: number) => void,
    io: StoreIo = { segment: nodeDiskIo, file: nodeDiskIo },
  ): { store: FilePartitionStore; logStartOffset: number; nextOffset: number } {
    fs.mkdirSync(dir, { recursive: true });
    const store = new FilePartitionStore(dir, segmentBytes, fsync, io);
    const names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(SEGMENT_SUFFIX))
      .sort();
    for (const name of names) {
      const file = path.join(dir, name);
      store.segments.push({ baseOffset: Number(name.slice(0, -SEGMENT_SUFFIX.length)), file });
      store.endOffset = Math.max(store.endOffset, store.segments[store.segments.length - 1].baseOffset);
      const validBytes = replaySegment(fs.readFileSync(file), store.endOffset, (header, data, baseOffset) => {
        store.endOffset = baseOffset + header.lastOffsetDelta + 1;
        onBatch(header, data, baseOffset);
      });
      if (validBytes < fs.statSync(file).size) fs.truncateSync(file, validBytes);
    }
    const startFile = path.join(dir, START_FILE);
    const logStartOffset = fs.existsSync(startFile) ? Number(fs.readFileSync(startFile, 'utf8')) || 0 : 0;
    store.recordedStart = logStartOffset;
    return { store, logStartOffset, nextOffset: store.endOffset };
  }

  append(batch: Buffer, baseOffset: number, lastOffset: number): void {
    if (this.tornAt !== null) {
      if (!cutBack(this.io.segment, this.fd, this.tornAt)) throw new StorageError('segment still holds a torn write', null);
      this.tornAt = null;
    }
    if (this.fd < 0 || this.activeSize >= this.segmentBytes()) this.roll(baseOffset);
    const at = this.activeSize;
    try {
      writeFully(this.io.segment, this.fd, batch, at);
      if (this.fsync === 'always') this.io.segment.fsyncSync(this.fd);
    } catch (err) {
      if (!cutBack(this.io.segment, this.fd, at)) this.tornAt = at;
      throw new StorageError(`append at offset ${baseOffset} to ${this.dir} failed`, err);
    }
    this.activeSize += batch.length;
    this.endOffset = lastOffset + 1;
    if (this.fsync !== 'always') this.dirty = true;
  }

  private roll(baseOffset: number): void {
    try {
      this.openActive(baseOffset);
    } catch (err) {
      throw new StorageError(`cannot start segment ${baseOffset} in ${this.dir}`, err);
    }
  }

  private openActive(baseOffset: number): void {
    if (this.fd >= 0) {
      // the interval timer only flushes the active segment, so the one left behind goes now
      if (this.dirty && this.fsync !== 'never') this.io.segment.fsyncSync(this.fd);
      this.dirty = false;
      fs.closeSync(this.fd);
      this.fd = -1;
    }
    const last = this.segments[this.segments.length - 1];
    if (last && fs.statSync(last.file).size < this.segmentBytes()) {
      // reopen the last segment after a restart (or a failed roll) rather than starting a new one
      this.fd = fs.openSync(last.file, READ_WRITE_CREATE);
      this.activeSize = fs.fstatSync(this.fd).size;
      return;
    }
    const file = path.join(this.dir, segmentName(baseOffset));
    this.fd = fs.openSync(file, READ_WRITE_CREATE);
    this.activeSize = 0;
    this.segments.push({ baseOffset, file });
  }

  /** Throws StorageError when the start offset cannot be recorded; nothing is removed then. */
  truncateBefore(offset: number): void {
    if (offset > this.recordedStart) {
      // via a rename, so that a full disk cannot leave a torn (or empty) start offset behind
      const file = path.join(this.dir, START_FILE);
      try {
        this.io.file.writeFileSync(`${file}.tmp`, String(offset));
        fs.renameSync(`${file}.tmp`, file);
      } catch (err) {
        fs.rmSync(`${file}.tmp`, { force: true });
        throw new StorageError(`cannot record log start offset ${offset} in ${this.dir}`, err);
      }
      this.recordedStart = offset;
    }
    const last = this.segments[this.segments.length - 1];
    if (last && offset >= this.endOffset && last.baseOffset < offset) {
      // Everything goes, the active segment included (as Kafka rolls then deletes it). An
      // empty segment named after the next offset keeps numbering alive across a restart.
      this.startEmptySegment(offset);
    }
    // a segment can go once the next one starts at or below the new start offset
    while (this.segments.length > 1 && this.segments[1].baseOffset <= offset) {
      const gone = this.segments.shift()!;
      fs.rmSync(gone.file, { force: true });
    }
  }

  private startEmptySegment(baseOffset: number): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.dirty = false;
    this.tornAt = null; // the torn segment is among those about to go
    const file = path.join(this.dir, segmentName(baseOffset));
    fs.closeSync(fs.openSync(file, 'a'));
    this.segments.push({ baseOffset, file });
    this.endOffset = baseOffset;
  }

  /** For the `interval` fsync policy: flushes if anything was written since the last call. */
  flush(): void {
    if (this.dirty && this.fd >= 0) {
      // a failure leaves it dirty: the next tick tries again
      this.io.segment.fsyncSync(this.fd);
      this.dirty = false;
    }
  }

  close(): void {
    if (this.fd >= 0) {
      try {
        if (this.fsync !== 'never') this.io.segment.fsyncSync(this.fd);
      } finally {
        fs.closeSync(this.fd);
      }
      this.fd = -1;
    }
  }

  /** Closes and removes the partition's directory (topic deletion). */
  destroy(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Replays the intact batches at the start of a segment and returns how many bytes they take.
 * The first batch whose length runs past the file, whose magic is not 2, whose CRC does not
 * match or whose offsets go backwards ends it: everything from there is a torn tail.
 */
export function replaySegment(buf: Buffer, firstOffset: number, onBatch: (header: BatchHeader, data: Buffer, baseOffset: number) => void): number {
  let at = 0;
  let next = firstOffset;
  while (buf.length - at >= BATCH_HEADER_SIZE) {
    const size = buf.readInt32BE(at + 8) + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE || at + size > buf.length) break;
    if (buf.readInt8(at + 16) !== 2) break;
    if (buf.readUInt32BE(at + 17) !== crc32c(buf, at + 21, at + size)) break;
    const data = buf.subarray(at, at + size);
    const baseOffset = getBaseOffset(data);
    if (baseOffset < next) break;
    const header = readBatchHeader(data);
    onBatch(header, data, baseOffset);
    next = baseOffset + header.lastOffsetDelta + 1;
    at += size;
  }
  return at;
}
