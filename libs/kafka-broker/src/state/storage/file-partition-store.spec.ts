import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskFaults } from '../../disk-faults';
import { buildControlBatch, setBaseOffset } from '../../protocol/record-batch';
import { StorageError } from './disk-io';
import { FilePartitionStore, StoreIo } from './file-partition-store';
import { MetadataLog } from './metadata-log';

/** A valid one-record batch (a control batch is the smallest one with a real CRC). */
function batch(offset: number): Buffer {
  const b = buildControlBatch('COMMIT', 7, 0, 0, 1_700_000_000_000 + offset);
  setBaseOffset(b, offset);
  return b;
}

function open(dir: string, io?: StoreIo): { store: FilePartitionStore; offsets: number[]; nextOffset: number } {
  const offsets: number[] = [];
  const { store, nextOffset } = FilePartitionStore.open(
    dir,
    () => 1 << 20,
    'always',
    (_h, _d, base) => offsets.push(base),
    io,
  );
  return { store, offsets, nextOffset };
}

const segment = (dir: string): string => path.join(dir, '00000000000000000000.log');

describe('FilePartitionStore on a failing disk', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fps-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recovery cuts a torn tail and keeps every complete batch before it', () => {
    const good = [0, 1, 2].map(batch);
    const torn = batch(3).subarray(0, 30);
    fs.writeFileSync(segment(dir), Buffer.concat([...good, torn]));
    const { store, offsets, nextOffset } = open(dir);
    store.close();
    expect(offsets).toEqual([0, 1, 2]);
    expect(nextOffset).toBe(3);
    expect(fs.statSync(segment(dir)).size).toBe(good.reduce((n, b) => n + b.length, 0));
  });

  it('recovery stops at a batch whose CRC does not match, or whose offsets go backwards', () => {
    const bad = batch(2);
    bad[bad.length - 1] ^= 0xff;
    fs.writeFileSync(segment(dir), Buffer.concat([batch(0), batch(1), bad, batch(3)]));
    expect(open(dir).offsets).toEqual([0, 1]);
    fs.writeFileSync(segment(dir), Buffer.concat([batch(0), batch(1), batch(1)]));
    expect(open(dir).offsets).toEqual([0, 1]);
  });

  it('a short write is cut back and refused; the next append takes its place', () => {
    const faults = new DiskFaults();
    const io = { segment: faults.io('segment'), file: faults.io('file') };
    const { store } = open(dir, io);
    store.append(batch(0), 0, 0);
    const size = fs.statSync(segment(dir)).size;
    faults.add({ target: 'segment', times: 1 });
    expect(() => store.append(batch(1), 1, 1)).toThrow(StorageError);
    expect(fs.statSync(segment(dir)).size).toBe(size);
    store.append(batch(1), 1, 1);
    store.close();
    expect(open(dir).offsets).toEqual([0, 1]);
  });

  it('when even the cut fails, nothing is appended behind the torn bytes until a cut succeeds', () => {
    const faults = new DiskFaults();
    const { store } = open(dir, { segment: faults.io('segment'), file: faults.io('file') });
    store.append(batch(0), 0, 0);
    faults.add({ target: 'segment', times: 1 });
    faults.add({ target: 'segment', op: 'truncate', times: 2 });
    expect(() => store.append(batch(1), 1, 1)).toThrow(StorageError); // torn, cut fails
    expect(() => store.append(batch(1), 1, 1)).toThrow(StorageError); // cut fails again: refused
    store.append(batch(1), 1, 1); // cut works: appended where the torn write began
    store.append(batch(2), 2, 2);
    store.close();
    expect(open(dir).offsets).toEqual([0, 1, 2]);
  });

  it('a failed fsync under fsync=always refuses the write and removes its bytes', () => {
    const faults = new DiskFaults();
    const { store } = open(dir, { segment: faults.io('segment'), file: faults.io('file') });
    faults.add({ target: 'segment', op: 'fsync', times: 1 });
    expect(() => store.append(batch(0), 0, 0)).toThrow(StorageError);
    expect(fs.statSync(segment(dir)).size).toBe(0);
    store.append(batch(0), 0, 0);
    store.close();
    expect(open(dir).offsets).toEqual([0]);
  });
});

describe('MetadataLog on a failing disk', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mdl-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const offset = (n: number) => ({ type: 'offset' as const, group: 'g', topic: 't', partition: 0, offset: n, metadata: null });

  it('a refused append leaves no trace, and later appends replay', () => {
    const faults = new DiskFaults();
    const { log } = MetadataLog.open(dir, true, { metadata: faults.io('metadata'), file: faults.io('file') });
    log.append(offset(1));
    faults.add({ target: 'metadata', times: 1 });
    expect(() => log.append(offset(2))).toThrow(StorageError);
    log.append(offset(3));
    log.close();
    expect(MetadataLog.open(dir, true).records.map((r) => (r.type === 'offset' ? r.offset : -1))).toEqual([1, 3]);
  });

  it('a torn last line (killed mid-write) is cut at start-up, so the next append is readable', () => {
    const file = path.join(dir, 'metadata.log');
    fs.writeFileSync(file, JSON.stringify(offset(1)) + '\n' + JSON.stringify(offset(2)).slice(0, 20));
    const { log } = MetadataLog.open(dir, true);
    log.append(offset(3));
    log.close();
    expect(MetadataLog.open(dir, true).records.map((r) => (r.type === 'offset' ? r.offset : -1))).toEqual([1, 3]);
  });

  it('a compaction the disk refuses keeps the old file in use', () => {
    const faults = new DiskFaults();
    const { log } = MetadataLog.open(dir, true, { metadata: faults.io('metadata'), file: faults.io('file') });
    log.append(offset(1));
    faults.add({ target: 'file', times: 1 });
    expect(() => log.rewrite([offset(1)])).toThrow(StorageError);
    expect(fs.existsSync(path.join(dir, 'metadata.log.tmp'))).toBe(false);
    log.append(offset(2));
    log.close();
    expect(MetadataLog.open(dir, true).records).toHaveLength(2);
  });
});
