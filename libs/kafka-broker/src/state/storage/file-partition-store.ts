import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32c } from '../../protocol/crc32c';
import { BATCH_HEADER_SIZE, BatchHeader, LOG_OVERHEAD, getBaseOffset, readBatchHeader } from '../../protocol/record-batch';
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

/**
 * A partition on disk: segment files of raw record batches (exactly the bytes served to
 * consumers), rolled at `segment.bytes`, plus the log start offset. Appends are `writeSync`
 * calls, so they reach the OS before the produce is acknowledged; fsync follows the policy.
 */
export class FilePartitionStore implements PartitionStore {
  private segments: Segment[] = [];
  private fd = -1;
  private activeSize = 0;
  private dirty = false;
  /** The offset after the last stored batch. */
  private endOffset = 0;

  private constructor(
    readonly dir: string,
    private readonly segmentBytes: () => number,
    private readonly fsync: FsyncPolicy,
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
  ): { store: FilePartitionStore; logStartOffset: number; nextOffset: number } {
    fs.mkdirSync(dir, { recursive: true });
    const store = new FilePartitionStore(dir, segmentBytes, fsync);
    const names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(SEGMENT_SUFFIX))
      .sort();
    for (const name of names) {
      const file = path.join(dir, name);
      store.segments.push({ baseOffset: Number(name.slice(0, -SEGMENT_SUFFIX.length)), file });
      store.endOffset = Math.max(store.endOffset, store.segments[store.segments.length - 1].baseOffset);
      const validBytes = replaySegment(fs.readFileSync(file), (header, data, baseOffset) => {
        store.endOffset = baseOffset + header.lastOffsetDelta + 1;
        onBatch(header, data, baseOffset);
      });
      if (validBytes < fs.statSync(file).size) fs.truncateSync(file, validBytes);
    }
    const startFile = path.join(dir, START_FILE);
    const logStartOffset = fs.existsSync(startFile) ? Number(fs.readFileSync(startFile, 'utf8')) || 0 : 0;
    return { store, logStartOffset, nextOffset: store.endOffset };
  }

  append(batch: Buffer, baseOffset: number, lastOffset: number): void {
    if (this.fd < 0 || this.activeSize >= this.segmentBytes()) this.roll(baseOffset);
    fs.writeSync(this.fd, batch);
    this.activeSize += batch.length;
    this.endOffset = lastOffset + 1;
    if (this.fsync === 'always') fs.fsyncSync(this.fd);
    else this.dirty = true;
  }

  private roll(baseOffset: number): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    const last = this.segments[this.segments.length - 1];
    if (last && this.fd < 0 && fs.statSync(last.file).size < this.segmentBytes()) {
      // reopen the last segment after a restart rather than starting a new one
      this.fd = fs.openSync(last.file, 'a');
      this.activeSize = fs.statSync(last.file).size;
      return;
    }
    const file = path.join(this.dir, segmentName(baseOffset));
    this.fd = fs.openSync(file, 'a');
    this.activeSize = 0;
    this.segments.push({ baseOffset, file });
  }

  truncateBefore(offset: number): void {
    fs.writeFileSync(path.join(this.dir, START_FILE), String(offset));
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
    const file = path.join(this.dir, segmentName(baseOffset));
    fs.closeSync(fs.openSync(file, 'a'));
    this.segments.push({ baseOffset, file });
    this.endOffset = baseOffset;
  }

  /** For the `interval` fsync policy: flushes if anything was written since the last call. */
  flush(): void {
    if (this.dirty && this.fd >= 0) {
      fs.fsyncSync(this.fd);
      this.dirty = false;
    }
  }

  close(): void {
    if (this.fd >= 0) {
      if (this.fsync !== 'never') fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
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

function replaySegment(buf: Buffer, onBatch: (header: BatchHeader, data: Buffer, baseOffset: number) => void): number {
  let at = 0;
  while (buf.length - at >= BATCH_HEADER_SIZE) {
    const size = buf.readInt32BE(at + 8) + LOG_OVERHEAD;
    if (size < BATCH_HEADER_SIZE || at + size > buf.length) break;
    if (buf.readUInt32BE(at + 17) !== crc32c(buf, at + 21, at + size)) break;
    const data = buf.subarray(at, at + size);
    onBatch(readBatchHeader(data), data, getBaseOffset(data));
    at += size;
  }
  return at;
}
