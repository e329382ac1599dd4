import { ErrorCode } from '../protocol/error-codes';
import type { BatchHeader } from '../protocol/record-batch';

/** How many recent batches per producer are remembered to recognise a retried duplicate (as Kafka). */
const DEDUP_WINDOW = 5;

interface RecentBatch {
  baseSequence: number;
  lastSequence: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  recent: RecentBatch[];
}

export type SequenceCheck = { kind: 'append' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'error'; errorCode: number; message: string };

const MAX_SEQ = 2 ** 31 - 1;

function nextSequence(seq: number, count: number): number {
  return (seq + count) % (MAX_SEQ + 1);
}

/**
 * Per-partition idempotent-producer state: the last few batches of each producer id, so a
 * retried batch is answered with its original offset and a gap is refused.
 */
export class ProducerSequences {
  private readonly producers = new Map<number, ProducerEntry>();

  check(h: BatchHeader): SequenceCheck {
    if (h.producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(h.producerId);
    // Fencing comes first: a batch without sequence numbers from a fenced epoch is refused too.
    if (entry && h.producerEpoch < entry.epoch) {
      return { kind: 'error', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, message: `epoch ${h.producerEpoch} is older than ${entry.epoch}` };
    }
    if (h.baseSequence < 0) return { kind: 'append' };
    if (!entry) {
      if (h.baseSequence === 0) return { kind: 'append' };
      return out(`producer ${h.producerId} is unknown here and starts at sequence ${h.baseSequence}`);
    }
    if (h.producerEpoch > entry.epoch) {
      return h.baseSequence === 0 ? { kind: 'append' } : out(`new epoch ${h.producerEpoch} must start at sequence 0`);
    }
    const lastSequence = nextSequence(h.baseSequence, h.recordCount - 1);
    const dup = entry.recent.find((b) => b.baseSequence === h.baseSequence && b.lastSequence === lastSequence);
    if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    const last = entry.recent[entry.recent.length - 1];
    const expected = last ? nextSequence(last.lastSequence, 1) : 0;
    if (h.baseSequence !== expected) return out(`expected sequence ${expected}, got ${h.baseSequence}`);
    return { kind: 'append' };
  }

  /** Records an appended batch (also used when rebuilding state from a log on disk). */
  record(h: BatchHeader, baseOffset: number): void {
    if (h.producerId < 0) return;
    let entry = this.producers.get(h.producerId);
    if (!entry || h.producerEpoch > entry.epoch) {
      entry = { epoch: h.producerEpoch, recent: [] };
      this.producers.set(h.producerId, entry);
    }
    if (h.baseSequence < 0) return; // control batches carry no sequence
    entry.recent.push({ baseSequence: h.baseSequence, lastSequence: nextSequence(h.baseSequence, h.recordCount - 1), baseOffset });
    if (entry.recent.length > DEDUP_WINDOW) entry.recent.shift();
  }

  /** A producer's epoch as last seen on this partition (for fencing), or undefined. */
  epochOf(producerId: number): number | undefined {
    return this.producers.get(producerId)?.epoch;
  }

  bumpEpoch(producerId: number, epoch: number): void {
    const entry = this.producers.get(producerId);
    if (entry && epoch > entry.epoch) this.producers.set(producerId, { epoch, recent: [] });
  }
}

function out(message: string): SequenceCheck {
  return { kind: 'error', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, message };
}
