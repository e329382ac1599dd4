import { ErrorCode } from '../../protocol/error-codes';
import { resolveOptions, BrokerOptions } from '../../options';
import { eventually } from '../../../test/helpers';
import { producerBatch } from '../../../test/producer-batches';
import { ClusterState } from '../cluster';

const NONE = ErrorCode.NONE;

function newCluster(opts: BrokerOptions = {}): ClusterState {
  const cluster = new ClusterState(resolveOptions(opts), []);
  cluster.topics.create('t', 2, 1, {});
  return cluster;
}

describe('TransactionCoordinator', () => {
  let cluster: ClusterState;
  afterEach(() => cluster?.close());

  /** A transactional producer: InitProducerId on the coordinator, then helpers bound to its id. */
  function txnProducer(transactionalId: string, timeoutMs = 60_000) {
    const node = cluster.coordinatorFor(transactionalId).nodeId;
    const init = cluster.txns.initProducerId(node, transactionalId, timeoutMs);
    expect(init.errorCode).toBe(NONE);
    const { producerId, producerEpoch } = init;
    let seq = 0;
    return {
      producerId,
      producerEpoch,
      add: (partition = 0, epoch = producerEpoch) => cluster.txns.addPartitions(node, transactionalId, producerId, epoch, [{ topic: 't', partition }]),
      write: (partition = 0, epoch = producerEpoch) => {
        const b = producerBatch({ producerId, epoch, baseSequence: seq++, transactional: true });
        return cluster.topics.partition('t', partition)!.append(b.header, b.data);
      },
      end: (commit: boolean, epoch = producerEpoch) => cluster.txns.endTxn(node, transactionalId, producerId, epoch, commit),
      addOffsets: (group: string) => cluster.txns.addOffsets(node, transactionalId, producerId, producerEpoch, group),
    };
  }

  const log = (partition = 0) => cluster.topics.partition('t', partition)!;
  const committedRead = (partition = 0) => log(partition).read(0, 1 << 20, true, true);

  it('hands each idempotent producer a new id at epoch 0, on any node', () => {
    cluster = newCluster({ nodes: 2 });
    const a = cluster.txns.initProducerId(0, null, 0);
    const b = cluster.txns.initProducerId(1, null, 0);
    expect([a.errorCode, a.producerEpoch, b.errorCode, b.producerEpoch]).toEqual([NONE, 0, NONE, 0]);
    expect(b.producerId).not.toBe(a.producerId);
  });

  it('keeps the producer id of a transactional id and bumps its epoch on each init', () => {
    cluster = newCluster();
    const first = cluster.txns.initProducerId(0, 'tx', 1000);
    const second = cluster.txns.initProducerId(0, 'tx', 1000);
    expect(first).toMatchObject({ errorCode: NONE, producerEpoch: 0 });
    expect(second).toEqual({ errorCode: NONE, producerId: first.producerId, producerEpoch: 1 });
  });

  it('moves to a new producer id once the epoch is used up', () => {
    cluster = newCluster();
    let res = cluster.txns.initProducerId(0, 'tx', 1000);
    const firstId = res.producerId;
    while (res.producerId === firstId) res = cluster.txns.initProducerId(0, 'tx', 1000);
    expect(res.producerEpoch).toBe(0);
  });

  it('refuses timeouts above the maximum, empty ids, and ids another node coordinates', () => {
    cluster = newCluster({ nodes: 3, maxTransactionTimeoutMs: 5000 });
    const id = ['a', 'b', 'c', 'd', 'e'].find((k) => cluster.coordinatorFor(k).nodeId !== 0)!;
    const home = cluster.coordinatorFor(id).nodeId;
    expect(cluster.txns.initProducerId(home, id, 5001).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect(cluster.txns.initProducerId(home, id, 0).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect(cluster.txns.initProducerId(home, '', 100).errorCode).toBe(ErrorCode.INVALID_REQUEST);
    expect(cluster.txns.initProducerId(0, id, 5000)).toEqual({ errorCode: ErrorCode.NOT_COORDINATOR, producerId: -1, producerEpoch: -1 });
    expect(cluster.txns.initProducerId(home, id, 5000).errorCode).toBe(NONE);
  });

  it('commits: COMMIT markers release the records to read_committed readers', () => {
    cluster = newCluster();
    const p = txnProducer('tx');
    expect(p.add(0)).toBe(NONE);
    p.write(0);
    expect(committedRead(0).batches).toHaveLength(0);
    expect(p.end(true)).toBe(NONE);
    expect(log(0).lastStableOffset).toBe(log(0).highWatermark);
    expect(committedRead(0)).toMatchObject({ abortedTransactions: [] });
    expect(committedRead(0).batches).toHaveLength(2); // the records and the marker
    expect(p.end(true)).toBe(NONE); // a retried commit
    expect(p.end(false)).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('aborts: read_committed readers are told to drop the records', () => {
    cluster = newCluster();
    const p = txnProducer('tx');
    p.add(1);
    p.write(1);
    expect(p.end(false)).toBe(NONE);
    expect(committedRead(1).abortedTransactions).toEqual([{ producerId: p.producerId, firstOffset: 0 }]);
    expect(p.end(true)).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it('refuses unknown producers, stale epochs and ending a transaction that is not open', () => {
    cluster = newCluster();
    const p = txnProducer('tx');
    expect(p.end(true)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(cluster.txns.addPartitions(0, 'nope', p.producerId, 0, [{ topic: 't', partition: 0 }])).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(cluster.txns.addPartitions(0, 'tx', p.producerId + 1, 0, [{ topic: 't', partition: 0 }])).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    expect(cluster.txns.endTxn(0, 'tx', p.producerId + 1, 0, true)).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    txnProducer('tx');
    expect(p.add(0)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(p.addOffsets('g')).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(p.end(false)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('a new producer with the same id aborts the open transaction and fences the old one', () => {
    cluster = newCluster();
    const old = txnProducer('tx');
    old.add(0);
    old.write(0);
    const next = txnProducer('tx');
    expect(next.producerId).toBe(old.producerId);
    expect(next.producerEpoch).toBeGreaterThan(old.producerEpoch);
    expect(committedRead(0).abortedTransactions).toEqual([{ producerId: old.producerId, firstOffset: 0 }]);
    expect(old.write(0).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(old.end(true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(next.add(0)).toBe(NONE);
  });

  it('makes group offsets sent in a transaction visible only when it commits', () => {
    cluster = newCluster();
    const p = txnProducer('tx');
    const offset = (o: number) => ({ group: 'g', topic: 't', partition: 0, offset: o, metadata: null });
    expect(p.addOffsets('g')).toBe(NONE);
    expect(cluster.txns.holdOffset(p.producerId, p.producerEpoch, offset(5))).toBe(true);
    expect(cluster.groups.offsets.get('g', 't', 0)).toBeUndefined();
    p.end(false);
    expect(cluster.groups.offsets.get('g', 't', 0)).toBeUndefined();
    p.addOffsets('g');
    cluster.txns.holdOffset(p.producerId, p.producerEpoch, offset(7));
    p.end(true);
    expect(cluster.groups.offsets.get('g', 't', 0)).toEqual({ offset: 7, metadata: null });
    const next = txnProducer('tx');
    expect(cluster.txns.holdOffset(p.producerId, p.producerEpoch, offset(9))).toBe(false);
    expect(cluster.txns.holdOffset(next.producerId, next.producerEpoch, offset(9))).toBe(true);
  });

  it('aborts a transaction left open past its timeout, fencing its producer', async () => {
    cluster = newCluster();
    const p = txnProducer('tx', 100);
    p.add(0);
    p.write(0);
    await eventually(() => (log(0).lastStableOffset === log(0).highWatermark ? true : undefined), 10_000, 'the timed-out abort');
    expect(committedRead(0).abortedTransactions).toHaveLength(1);
    expect(p.end(true)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });
});
