import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskIo, StorageError, cutBack, nodeDiskIo, writeFully } from './disk-io';

/** One change to cluster metadata, as written to `metadata.log` (one JSON object per line). */
export type MetadataRecord =
  | { type: 'topic'; name: string; partitions: number; replicationFactor: number; configs: Record<string, string> }
  | { type: 'topic-configs'; name: string; configs: Record<string, string> }
  | { type: 'topic-deleted'; name: string }
  | { type: 'offset'; group: string; topic: string; partition: number; offset: number; metadata: string | null }
  | { type: 'group-deleted'; group: string }
  | { type: 'offset-deleted'; group: string; topic: string; partition: number }
  | { type: 'group'; group: string; protocolType: string | null; generation: number }
  | { type: 'producer-id'; next: number }
  | {
      type: 'txn';
      transactionalId: string;
      producerId: number;
      producerEpoch: number;
      timeoutMs: number;
      /** Transaction state, with the partitions and groups of an open or ending one (absent = Empty). */
      state?: 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';
      partitions?: { topic: string; partition: number }[];
      groups?: string[];
      /** PrepareCommit only: the group offsets the commit makes visible. */
      offsets?: { group: string; topic: string; partition: number; offset: number; metadata: string | null }[];
    };

/**
 * The metadata log: topics, configs, committed offsets, producer ids and transactional ids, as
 * an append-only file of JSON lines, replayed at start-up and rewritten compacted when it has
 * grown well past the live state. Each append is a synchronous positional write, so an
 * acknowledged offset commit survives a kill -9. An append that fails part-way (full disk) is
 * cut off again and throws StorageError, so the caller can refuse what it was recording. A
 * torn last line (killed mid-write) is cut off at start-up, so the next append starts a line.
 */
export class MetadataLog {
  private fd: number;
  private size: number;
  /** A failed append whose bytes could not be cut off yet: no append goes behind them. */
  private tornAt: number | null = null;
  private appendedSinceCompaction = 0;

  private constructor(
    private readonly file: string,
    private readonly fsyncAlways: boolean,
    private readonly io: { metadata: DiskIo; file: DiskIo },
  ) {
    this.fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT);
    this.size = fs.fstatSync(this.fd).size;
  }

  static open(dataDir: string, fsyncAlways: boolean, io: { metadata: DiskIo; file: DiskIo } = { metadata: nodeDiskIo, file: nodeDiskIo }): { log: MetadataLog; records: MetadataRecord[] } {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'metadata.log');
    const records: MetadataRecord[] = [];
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file);
      for (const line of text.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          records.push(JSON.parse(line) as MetadataRecord);
        } catch {
          // a line torn by a crash mid-write: everything before it is intact
        }
      }
      // without this, the next append would continue the torn line and be unreadable itself
      const complete = text.lastIndexOf(0x0a) + 1;
      if (complete < text.length) fs.truncateSync(file, complete);
    }
    return { log: new MetadataLog(file, fsyncAlways, io), records };
  }

  /** Throws StorageError when the record is not (wholly, durably per policy) written; then it is not in the log. */
  append(record: MetadataRecord): void {
    if (this.tornAt !== null) {
      if (!cutBack(this.io.metadata, this.fd, this.tornAt)) throw new StorageError('metadata.log still holds a torn write', null);
      this.tornAt = null;
    }
    const line = Buffer.from(JSON.stringify(record) + '\n');
    const at = this.size;
    try {
      writeFully(this.io.metadata, this.fd, line, at);
      if (this.fsyncAlways) this.io.metadata.fsyncSync(this.fd);
    } catch (err) {
      if (!cutBack(this.io.metadata, this.fd, at)) this.tornAt = at;
      throw new StorageError(`append of a ${record.type} record to metadata.log failed`, err);
    }
    this.size += line.length;
    this.appendedSinceCompaction++;
  }

  get appendsSinceCompaction(): number {
    return this.appendedSinceCompaction;
  }

  /**
   * Replaces the file with `records` (the live state), atomically via rename. On failure the
   * old file stays as it was (and in use) and StorageError is thrown.
   */
  rewrite(records: MetadataRecord[]): void {
    const tmp = `${this.file}.tmp`;
    const text = records.map((r) => JSON.stringify(r) + '\n').join('');
    try {
      this.io.file.writeFileSync(tmp, text);
      const tmpFd = fs.openSync(tmp, 'r+');
      try {
        this.io.file.fsyncSync(tmpFd);
      } finally {
        fs.closeSync(tmpFd);
      }
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw new StorageError('compacting metadata.log failed', err);
    }
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, fs.constants.O_RDWR | fs.constants.O_CREAT);
    this.size = Buffer.byteLength(text);
    this.tornAt = null;
    this.appendedSinceCompaction = 0;
  }

  sync(): void {
    this.io.metadata.fsyncSync(this.fd);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
