import * as fs from 'node:fs';
import * as path from 'node:path';

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
 * grown well past the live state. Each append is a synchronous write, so an acknowledged offset
 * commit survives a kill -9. A torn last line (killed mid-write) is ignored on replay.
 */
export class MetadataLog {
  private fd: number;
  private appendedSinceCompaction = 0;

  private constructor(
    private readonly file: string,
    private readonly fsyncAlways: boolean,
  ) {
    this.fd = fs.openSync(file, 'a');
  }

  static open(dataDir: string, fsyncAlways: boolean): { log: MetadataLog; records: MetadataRecord[] } {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'metadata.log');
    const records: MetadataRecord[] = [];
    if (fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          records.push(JSON.parse(line) as MetadataRecord);
        } catch {
          // a line torn by a crash mid-write: everything before it is intact
        }
      }
    }
    return { log: new MetadataLog(file, fsyncAlways), records };
  }

  append(record: MetadataRecord): void {
    fs.writeSync(this.fd, JSON.stringify(record) + '\n');
    if (this.fsyncAlways) fs.fsyncSync(this.fd);
    this.appendedSinceCompaction++;
  }

  get appendsSinceCompaction(): number {
    return this.appendedSinceCompaction;
  }

  /** Replaces the file with `records` (the live state), atomically via rename. */
  rewrite(records: MetadataRecord[]): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, records.map((r) => JSON.stringify(r) + '\n').join(''));
    const tmpFd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(tmpFd);
    fs.closeSync(tmpFd);
    fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    this.fd = fs.openSync(this.file, 'a');
    this.appendedSinceCompaction = 0;
  }

  sync(): void {
    fs.fsyncSync(this.fd);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
