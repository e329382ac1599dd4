import type { GroupOffset } from './transaction-metadata';

interface ProducerOffsets {
  epoch: number;
  offsets: Map<string, GroupOffset>;
}

/**
 * Offsets sent by TxnOffsetCommit, held per producer until its transaction ends: a commit
 * makes those of the transaction's groups visible, an abort drops them. Offsets from an older
 * epoch than the producer's latest are refused, so a fenced producer cannot slip offsets into
 * its successor's commit.
 */
export class PendingTxnOffsets {
  private readonly byProducer = new Map<number, ProducerOffsets>();

  /** False when `epoch` is older than one already seen from this producer. */
  add(producerId: number, epoch: number, o: GroupOffset): boolean {
    let entry = this.byProducer.get(producerId);
    if (entry && epoch < entry.epoch) return false;
    if (!entry || epoch > entry.epoch) this.byProducer.set(producerId, (entry = { epoch, offsets: new Map() }));
    entry.offsets.set(`${o.group}\0${o.topic}\0${o.partition}`, { ...o });
    return true;
  }

  /** Removes every pending offset of the producer, returning those of `groups` sent at `epoch`. */
  take(producerId: number, epoch: number, groups: ReadonlySet<string>): GroupOffset[] {
    const entry = this.byProducer.get(producerId);
    this.byProducer.delete(producerId);
    if (!entry || entry.epoch !== epoch) return [];
    return [...entry.offsets.values()].filter((o) => groups.has(o.group));
  }
}
