import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ErrorCode } from '../../protocol/error-codes';
import { resolveOptions } from '../../options';
import { producerBatch } from '../../../test/producer-batches';
import { ClusterState } from '../cluster';
import { MetadataLog } from '../storage/metadata-log';

describe('transactions across a restart', () => {
  let dataDir: string;
  let cluster: ClusterState | undefined;
  const open = (): ClusterState => (cluster = new ClusterState(resolveOptions({ dataDir, fsync: 'never' }), []));
  const restart = (): ClusterState => {
    cluster?.close();
    return open();
  };

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'txn-recovery-'));
  });
  afterEach(() => {
    cluster?.close();
    cluster = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Opens a transaction on partition `partition` of topic t with one record in it. */
  function openTxn(c: ClusterState, transactionalId: string, partition: number) {
    const { producerId, producerEpoch } = c.txns.initProducerId(0, transactionalId, 60_000);
    expect(c.txns.addPartitions(0, transactionalId, producerId, producerEpoch, [{ topic: 't', partition }])).toBe(ErrorCode.NONE);
    const b = producerBatch({ producerId, epoch: producerEpoch, baseSequence: 0, transactional: true });
    expect(c.topics.partition('t', partition)!.append(b.header, b.data).errorCode).toBe(0);
    return { producerId, producerEpoch };
  }

  it('keeps producer ids and epochs, and never hands out an id twice', () => {
    const c1 = open();
    const idempotent = c1.txns.initProducerId(0, null, 0).producerId;
    const tx = c1.txns.initProducerId(0, 'tx', 1000);
    const c2 = restart();
    expect(c2.txns.initProducerId(0, 'tx', 1000)).toEqual({ errorCode: 0, producerId: tx.producerId, producerEpoch: tx.producerEpoch + 1 });
    expect([idempotent, tx.producerId]).not.toContain(c2.txns.initProducerId(0, null, 0).producerId);
    expect(c2.txns.endTxn(0, 'tx', tx.producerId, tx.producerEpoch, true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('aborts a transaction still open at the restart and fences its producer', () => {
    const c1 = open();
    c1.topics.create('t', 1, 1, {});
    const p = openTxn(c1, 'tx', 0);
    const c2 = restart();
    const log = c2.topics.partition('t', 0)!;
    expect(log.lastStableOffset).toBe(log.highWatermark);
    expect(log.read(0, 1 << 20, true, true).abortedTransactions).toEqual([{ producerId: p.producerId, firstOffset: 0 }]);
    expect(c2.txns.endTxn(0, 'tx', p.producerId, p.producerEpoch, true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    // and the abort itself was recorded: a second restart has nothing left to do
    const c3 = restart();
    expect(c3.topics.partition('t', 0)!.highWatermark).toBe(log.highWatermark);
  });

  it('completes a commit decided just before a crash: markers and group offsets', () => {
    const c1 = open();
    c1.topics.create('t', 1, 1, {});
    const p = openTxn(c1, 'tx', 0);
    c1.close();
    cluster = undefined;
    // the coordinator's decision reached the metadata log, the markers did not
    const { log: metadata } = MetadataLog.open(dataDir, false);
    metadata.append({
      type: 'txn',
      transactionalId: 'tx',
      producerId: p.producerId,
      producerEpoch: p.producerEpoch,
      timeoutMs: 60_000,
      state: 'PrepareCommit',
      partitions: [{ topic: 't', partition: 0 }],
      groups: ['g'],
      offsets: [{ group: 'g', topic: 't', partition: 0, offset: 1, metadata: 'm' }],
    });
    metadata.close();
    const c2 = open();
    const log = c2.topics.partition('t', 0)!;
    expect(log.lastStableOffset).toBe(log.highWatermark);
    const read = log.read(0, 1 << 20, true, true);
    expect(read.batches.length).toBe(2);
    expect(read.abortedTransactions).toEqual([]);
    expect(c2.groups.offsets.get('g', 't', 0)).toEqual({ offset: 1, metadata: 'm' });
    expect(c2.txns.endTxn(0, 'tx', p.producerId, p.producerEpoch, true)).toBe(ErrorCode.NONE);
  });
});
