import { ErrorCode } from '../../protocol/error-codes';
import type { ClusterState } from '../cluster';
import { StorageError } from '../storage/disk-io';
import type { MetadataRecord } from '../storage/metadata-log';
import { PendingTxnOffsets } from './pending-offsets';
import { ProducerIdAllocator } from './producer-ids';
import { EXHAUSTED_EPOCH, GroupOffset, MAX_EPOCH, TopicPartition, TransactionMetadata } from './transaction-metadata';

export interface ProducerIdResult {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

/** Node clamps longer timer delays to 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How soon an abort or a transaction's completion refused by the disk is tried again. */
const STORAGE_RETRY_MS = 1000;

/**
 * Producer ids and transactions, following Kafka's transaction coordinator. Markers are
 * written synchronously to every partition (all logs live in this process), so PrepareCommit
 * and PrepareAbort last only within one call; the Prepare record persisted before the markers
 * is the decision a restart completes. A transaction still open at a restart is aborted with
 * its epoch bumped (its pending group offsets were in memory only), fencing its producer.
 */
export class TransactionCoordinator {
  private readonly txns = new Map<string, TransactionMetadata>();
  /** Transactional producers by current producer id, to fence stale TxnOffsetCommits. */
  private readonly byProducerId = new Map<number, TransactionMetadata>();
  private readonly producerIds: ProducerIdAllocator;
  private readonly pending = new PendingTxnOffsets();
  private closed = false;

  constructor(private readonly cluster: ClusterState) {
    this.producerIds = new ProducerIdAllocator((r) => cluster.persist(r));
  }

  /**
   * InitProducerId received by `nodeId`. Without a transactional id: a fresh producer id at
   * epoch 0. With one: the same producer id at the next epoch (a new id once the epoch is used
   * up), aborting the previous producer's open transaction first.
   */
  initProducerId(nodeId: number, transactionalId: string | null, timeoutMs: number): ProducerIdResult {
    const fail = (errorCode: number): ProducerIdResult => ({ errorCode, producerId: -1, producerEpoch: -1 });
    if (transactionalId === null) return { errorCode: ErrorCode.NONE, producerId: this.producerIds.allocate(), producerEpoch: 0 };
    if (transactionalId === '') return fail(ErrorCode.INVALID_REQUEST);
    if (timeoutMs <= 0 || timeoutMs > this.cluster.options.maxTransactionTimeoutMs) return fail(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    if (!this.coordinates(nodeId, transactionalId)) return fail(ErrorCode.NOT_COORDINATOR);
    let meta = this.txns.get(transactionalId);
    if (!meta) {
      meta = new TransactionMetadata(transactionalId, this.producerIds.allocate(), 0, timeoutMs);
      this.txns.set(transactionalId, meta);
      this.byProducerId.set(meta.producerId, meta);
    } else {
      if (meta.ending) return fail(ErrorCode.CONCURRENT_TRANSACTIONS);
      if (meta.state === 'Ongoing') this.fenceAndAbort(meta, 'a new producer initialised its transactional id'); // StorageError: answered NOT_COORDINATOR
      if (meta.producerEpoch >= EXHAUSTED_EPOCH) {
        this.byProducerId.delete(meta.producerId);
        meta.producerId = this.producerIds.allocate();
        meta.producerEpoch = 0;
        this.byProducerId.set(meta.producerId, meta);
      } else {
        meta.producerEpoch++;
      }
      meta.timeoutMs = timeoutMs;
      meta.state = 'Empty';
    }
    this.cluster.persist(meta.toRecord());
    return { errorCode: ErrorCode.NONE, producerId: meta.producerId, producerEpoch: meta.producerEpoch };
  }

  /** AddPartitionsToTxn (partitions already known to exist): one error code for all of them. */
  addPartitions(nodeId: number, transactionalId: string, producerId: number, producerEpoch: number, partitions: TopicPartition[]): number {
    const meta = this.check(nodeId, transactionalId, producerId, producerEpoch, true);
    if (typeof meta === 'number') return meta;
    if (meta.state === 'Ongoing' && partitions.every((tp) => meta.hasPartition(tp))) return ErrorCode.NONE;
    if (meta.state !== 'Ongoing') this.begin(meta);
    for (const tp of partitions) meta.addPartition(tp);
    this.cluster.persist(meta.toRecord());
    return ErrorCode.NONE;
  }

  /** AddOffsetsToTxn: the transaction will commit `groupId`'s offsets sent by TxnOffsetCommit. */
  addOffsets(nodeId: number, transactionalId: string, producerId: number, producerEpoch: number, groupId: string): number {
    const meta = this.check(nodeId, transactionalId, producerId, producerEpoch, true);
    if (typeof meta === 'number') return meta;
    if (meta.state === 'Ongoing' && meta.groups.has(groupId)) return ErrorCode.NONE;
    if (meta.state !== 'Ongoing') this.begin(meta);
    meta.groups.add(groupId);
    this.cluster.persist(meta.toRecord());
    return ErrorCode.NONE;
  }

  /** EndTxn: commits or aborts; a retry of an end already done succeeds, the opposite one does not. */
  endTxn(nodeId: number, transactionalId: string, producerId: number, producerEpoch: number, commit: boolean): number {
    const meta = this.check(nodeId, transactionalId, producerId, producerEpoch, false);
    if (typeof meta === 'number') return meta;
    switch (meta.state) {
      case 'Ongoing':
        this.end(meta, commit);
        return ErrorCode.NONE;
      case 'CompleteCommit':
        return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
      case 'CompleteAbort':
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
      case 'PrepareCommit':
        return commit ? ErrorCode.CONCURRENT_TRANSACTIONS : ErrorCode.INVALID_TXN_STATE;
      case 'PrepareAbort':
        return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.CONCURRENT_TRANSACTIONS;
      case 'Empty':
        return ErrorCode.INVALID_TXN_STATE;
    }
  }

  /**
   * TxnOffsetCommit, on the group's coordinator: holds an offset until the producer's
   * transaction ends. False when the producer has been fenced by a newer epoch.
   */
  holdOffset(producerId: number, producerEpoch: number, offset: GroupOffset): boolean {
    const meta = this.byProducerId.get(producerId);
    if (meta && producerEpoch < meta.producerEpoch) return false;
    return this.pending.add(producerId, producerEpoch, offset);
  }

  private coordinates(nodeId: number, transactionalId: string): boolean {
    return this.cluster.coordinatorFor(transactionalId).nodeId === nodeId;
  }

  /** The checks Kafka makes before looking at what the request asks. */
  private check(nodeId: number, transactionalId: string, producerId: number, epoch: number, refuseEnding: boolean): TransactionMetadata | number {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    if (!this.coordinates(nodeId, transactionalId)) return ErrorCode.NOT_COORDINATOR;
    const meta = this.txns.get(transactionalId);
    if (!meta || meta.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (meta.producerEpoch !== epoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (refuseEnding && meta.ending) return ErrorCode.CONCURRENT_TRANSACTIONS;
    return meta;
  }

  private begin(meta: TransactionMetadata): void {
    meta.state = 'Ongoing';
    meta.partitions.clear();
    meta.groups.clear();
    this.armExpiry(meta, meta.timeoutMs);
  }

  private armExpiry(meta: TransactionMetadata, ms: number): void {
    if (meta.timer) clearTimeout(meta.timer);
    const timer = setTimeout(() => this.expire(meta), Math.min(ms, MAX_TIMER_MS));
    timer.unref();
    meta.timer = timer;
  }

  private expire(meta: TransactionMetadata): void {
    meta.timer = null;
    if (this.closed || meta.state !== 'Ongoing') return;
    this.abortOrRetry(meta, `open longer than its timeout of ${meta.timeoutMs} ms`);
  }

  /** An abort the broker starts itself (timeout, restart): if the disk refuses it, it is tried again shortly. */
  private abortOrRetry(meta: TransactionMetadata, reason: string): void {
    try {
      this.fenceAndAbort(meta, reason);
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      this.cluster.log.warn('transaction abort refused: storage error; will retry', { transactionalId: meta.transactionalId, error: err.message });
      this.armExpiry(meta, STORAGE_RETRY_MS);
    }
  }

  /** Aborts at a bumped epoch: the markers then refuse the old producer's writes everywhere. */
  private fenceAndAbort(meta: TransactionMetadata, reason: string): void {
    this.cluster.log.info('aborting transaction', { transactionalId: meta.transactionalId, producerId: meta.producerId, reason });
    if (meta.producerEpoch < MAX_EPOCH) meta.producerEpoch++;
    this.end(meta, false);
  }

  /** Throws StorageError when the decision cannot be recorded; the transaction is then still open, as before. */
  private end(meta: TransactionMetadata, commit: boolean): void {
    if (meta.timer) clearTimeout(meta.timer);
    meta.timer = null;
    const offsets = this.pending.take(meta.producerId, meta.producerEpoch, commit ? meta.groups : new Set());
    const previous = meta.state;
    meta.state = commit ? 'PrepareCommit' : 'PrepareAbort';
    try {
      this.cluster.persist(meta.toRecord(offsets));
    } catch (err) {
      meta.state = previous;
      for (const o of offsets) this.pending.add(meta.producerId, meta.producerEpoch, o);
      if (previous === 'Ongoing') this.armExpiry(meta, meta.timeoutMs);
      throw err;
    }
    this.complete(meta, offsets);
  }

  /**
   * Writes the markers and commits the offsets of a prepared transaction. The decision is on
   * disk already, so a write the disk refuses is retried until it goes through (EndTxn
   * answers CONCURRENT_TRANSACTIONS meanwhile, as Kafka does while markers are pending).
   */
  private complete(meta: TransactionMetadata, offsets: GroupOffset[]): void {
    try {
      this.writeOutcome(meta, offsets);
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      this.cluster.log.warn('transaction completion refused: storage error; will retry', { transactionalId: meta.transactionalId, error: err.message });
      const timer = setTimeout(() => {
        meta.timer = null;
        if (this.closed) return;
        try {
          this.complete(meta, offsets);
        } catch (e) {
          this.cluster.log.error('transaction completion failed', { transactionalId: meta.transactionalId, error: (e as Error).stack });
        }
      }, STORAGE_RETRY_MS);
      timer.unref();
      meta.timer = timer;
    }
  }

  /** Resumable: what is done is taken off `meta.partitions` and `offsets`, so a retry does only the rest. */
  private writeOutcome(meta: TransactionMetadata, offsets: GroupOffset[]): void {
    const prepared = meta.state;
    const commit = prepared === 'PrepareCommit';
    const now = this.cluster.now();
    for (const [key, tp] of meta.partitions) {
      const log = this.cluster.topics.partition(tp.topic, tp.partition); // gone if its topic was deleted
      log?.writeControl(commit ? 'COMMIT' : 'ABORT', meta.producerId, meta.producerEpoch, 0, now);
      meta.partitions.delete(key);
    }
    while (offsets.length > 0) {
      const o = offsets[0];
      this.cluster.groups.offsets.commit(o.group, o.topic, o.partition, o.offset, o.metadata);
      offsets.shift();
    }
    meta.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    const groups = [...meta.groups];
    meta.groups.clear();
    try {
      this.cluster.persist(meta.toRecord());
    } catch (err) {
      meta.state = prepared;
      for (const g of groups) meta.groups.add(g);
      throw err;
    }
  }

  restore(records: MetadataRecord[]): void {
    this.producerIds.restore(records);
    const preparedOffsets = new Map<string, GroupOffset[]>();
    for (const r of records) {
      if (r.type !== 'txn') continue;
      const previous = this.txns.get(r.transactionalId);
      if (previous) this.byProducerId.delete(previous.producerId);
      const meta = TransactionMetadata.fromRecord(r);
      this.txns.set(r.transactionalId, meta);
      this.byProducerId.set(meta.producerId, meta);
      preparedOffsets.set(r.transactionalId, r.offsets ?? []);
      this.producerIds.reserveThrough(r.producerId);
    }
    for (const meta of this.txns.values()) {
      if (meta.ending) this.complete(meta, preparedOffsets.get(meta.transactionalId) ?? []);
      else if (meta.state === 'Ongoing') this.abortOrRetry(meta, 'still open when the broker restarted');
    }
  }

  snapshot(): MetadataRecord[] {
    return [this.producerIds.snapshot(), ...[...this.txns.values()].map((m) => m.toRecord())];
  }

  close(): void {
    this.closed = true;
    for (const meta of this.txns.values()) {
      if (meta.timer) clearTimeout(meta.timer);
      meta.timer = null;
    }
  }
}
