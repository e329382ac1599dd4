import { buildControlBatch, readBatchHeader } from '../protocol/record-batch';
import { PartitionLog } from './partition-log';

/** A valid one-record batch: a control batch's layout with the control bits cleared is enough here. */
function batch(records: number, producerId = -1, transactional = false): { header: ReturnType<typeof readBatchHeader>; data: Buffer } {
  const data = buildControlBatch('COMMIT', producerId, 0, 0, Date.now());
  data.writeInt16BE(transactional ? 0x10 : 0, 21);
  data.writeInt32BE(records - 1, 23); // lastOffsetDelta: records beyond the first are notional
  data.writeInt32BE(records, 57);
  return { header: readBatchHeader(data), data };
}

function appendN(log: PartitionLog, n: number, perBatch = 1): void {
  for (let i = 0; i < n; i++) {
    const b = batch(perBatch);
    log.append(b.header, b.data);
  }
}

describe('PartitionLog reads', () => {
  it('assigns consecutive offsets and serves the batch containing the fetch offset', () => {
    const log = new PartitionLog('t', 0);
    appendN(log, 3, 10);
    expect(log.highWatermark).toBe(30);
    const read = log.read(15, 1 << 20, false, true);
    expect(read.batches).toHaveLength(2); // batches [10..19] and [20..29]
    expect(read.batches[0].readBigInt64BE(0)).toBe(10n);
  });

  it('stops at the byte limit but always returns one whole batch when asked to', () => {
    const log = new PartitionLog('t', 0);
    appendN(log, 5);
    const size = log.read(0, 1 << 20, false, true).batches[0].length;
    expect(log.read(0, size * 2, false, false).batches).toHaveLength(2);
    expect(log.read(0, 1, false, true).batches).toHaveLength(1);
    expect(log.read(0, 1, false, false).batches).toHaveLength(0);
  });

  it('moves the log start offset forward and drops whole batches below it', () => {
    const log = new PartitionLog('t', 0);
    appendN(log, 4, 5);
    expect(log.truncateBefore(12)).toBe(0);
    expect(log.logStartOffset).toBe(12);
    expect(log.read(12, 1 << 20, false, true).batches[0].readBigInt64BE(0)).toBe(10n);
    expect(log.truncateBefore(99)).not.toBe(0); // beyond the high watermark
  });

  it('bounds read_committed fetches by the last stable offset and lists aborted transactions', () => {
    const log = new PartitionLog('t', 0);
    appendN(log, 1);
    const txn = batch(1, 9, true);
    log.append(txn.header, txn.data);
    appendN(log, 1);
    expect(log.lastStableOffset).toBe(1);
    expect(log.read(0, 1 << 20, true, true).batches).toHaveLength(1);
    expect(log.read(0, 1 << 20, false, true).batches).toHaveLength(3);
    log.writeControl('ABORT', 9, 0, 0, Date.now());
    expect(log.lastStableOffset).toBe(log.highWatermark);
    expect(log.read(0, 1 << 20, true, true).abortedTransactions).toEqual([{ producerId: 9, firstOffset: 1 }]);
  });

  it('applies size retention, keeping at least retention.bytes as Kafka does', () => {
    const log = new PartitionLog('t', 0);
    appendN(log, 10);
    const one = log.size / 10;
    log.applyRetention(-1, one * 3 + 1, Date.now());
    expect(log.logStartOffset).toBe(6); // three batches would be just under the limit
    log.applyRetention(-1, one * 3, Date.now());
    expect(log.logStartOffset).toBe(7);
    log.applyRetention(-1, 0, Date.now());
    expect(log.logStartOffset).toBe(10); // the newest batch is not exempt (Kafka deletes the active segment too)
    expect(log.highWatermark).toBe(10);
  });

  it('wakes long-polling readers on append', () => {
    const log = new PartitionLog('t', 0);
    let woken = 0;
    log.onChange(() => woken++);
    appendN(log, 2);
    expect(woken).toBe(1); // listeners fire once, then must re-register
  });
});
