import type { MetadataRecord } from '../storage/metadata-log';

export type TxnState = 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface GroupOffset {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  metadata: string | null;
}

/**
 * At or above this epoch a producer id is used up: the next InitProducerId hands out a new id
 * at epoch 0 (Kafka's rule), which leaves one spare epoch for fencing an open transaction.
 */
export const EXHAUSTED_EPOCH = 32766;
export const MAX_EPOCH = 32767;

type TxnRecord = Extract<MetadataRecord, { type: 'txn' }>;

/** What the coordinator knows of one transactional id. */
export class TransactionMetadata {
  state: TxnState = 'Empty';
  /** Partitions of the open transaction, by "topic\0partition". */
  readonly partitions = new Map<string, TopicPartition>();
  /** Consumer groups whose offsets the open transaction commits (AddOffsetsToTxn). */
  readonly groups = new Set<string>();
  timer: NodeJS.Timeout | null = null;

  constructor(
    readonly transactionalId: string,
    public producerId: number,
    public producerEpoch: number,
    public timeoutMs: number,
  ) {}

  get ending(): boolean {
    return this.state === 'PrepareCommit' || this.state === 'PrepareAbort';
  }

  hasPartition(tp: TopicPartition): boolean {
    return this.partitions.has(`${tp.topic}\0${tp.partition}`);
  }

  addPartition(tp: TopicPartition): void {
    this.partitions.set(`${tp.topic}\0${tp.partition}`, { topic: tp.topic, partition: tp.partition });
  }

  toRecord(offsets: GroupOffset[] = []): TxnRecord {
    const r: TxnRecord = {
      type: 'txn',
      transactionalId: this.transactionalId,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      timeoutMs: this.timeoutMs,
      state: this.state,
    };
    if (this.partitions.size > 0) r.partitions = [...this.partitions.values()];
    if (this.groups.size > 0) r.groups = [...this.groups];
    if (offsets.length > 0) r.offsets = offsets;
    return r;
  }

  static fromRecord(r: TxnRecord): TransactionMetadata {
    const meta = new TransactionMetadata(r.transactionalId, r.producerId, r.producerEpoch, r.timeoutMs);
    meta.state = r.state ?? 'Empty';
    for (const tp of r.partitions ?? []) meta.addPartition(tp);
    for (const g of r.groups ?? []) meta.groups.add(g);
    return meta;
  }
}
