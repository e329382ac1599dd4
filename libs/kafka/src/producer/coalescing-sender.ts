import type { OutgoingRecord } from '../client/client.ports';
import { errorMessage, KafkaError } from '../kafka.errors';

/** Sends many (topic, record) pairs in one produce request; resolves when all are acknowledged. */
export type SendMany = (batches: { topic: string; messages: OutgoingRecord[] }[]) => Promise<unknown>;

interface Pending {
  readonly topic: string;
  readonly record: OutgoingRecord;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers single-record sends that are issued while a request is in flight into the next request. The lib's
 * idempotent producer has one request in flight per broker, so a batch of failed records each written on its own
 * (dead letters, retries) queued one round trip per record in front of everything else the service produces,
 * its outbox relay included: with a dead letter per record, good events waited behind hundreds of requests. Now
 * each round trip carries every record that came up meanwhile, and a send issued with nothing in flight goes at
 * once (no added wait).
 *
 * A gathered request stays far below Kafka's default batch limit (max.message.bytes, 1 MiB): a large record goes
 * in a request of its own, so only its own caller can hear "too large" (and write it without its value). That
 * matters beyond the answer: the broker appends the partitions of a request it can and refuses the rest, while
 * the kafkajs idempotent producer then treats the whole request as unsent, and its sequence numbers for the
 * appended partitions never match the broker's again. When a gathered request fails anyway, every caller gets a
 * retriable error and tries again on its own schedule.
 */
/** Estimated bytes of records gathered into one request at most; a record above it is sent alone. */
export const MAX_GATHERED_BYTES = 256 * 1024;

export class CoalescingSender {
  private queue: Pending[] = [];
  private inFlight = false;

  constructor(private readonly sendMany: SendMany) {}

  send(topic: string, record: OutgoingRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, record, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    try {
      // Sends made in the same turn of the event loop join the first request.
      await Promise.resolve();
      while (this.queue.length > 0) await this.deliver(this.takeRequest());
    } finally {
      this.inFlight = false;
    }
  }

  /** The head of the queue up to MAX_GATHERED_BYTES; a record above it alone. */
  private takeRequest(): Pending[] {
    let bytes = 0;
    let count = 0;
    for (const pending of this.queue) {
      bytes += estimatedBytes(pending.record);
      if (count > 0 && bytes > MAX_GATHERED_BYTES) break;
      count += 1;
      if (bytes > MAX_GATHERED_BYTES) break;
    }
    return this.queue.splice(0, count);
  }

  private async deliver(taken: readonly Pending[]): Promise<void> {
    try {
      await this.sendMany(byTopic(taken));
      for (const pending of taken) pending.resolve();
    } catch (error) {
      if (taken.length === 1) {
        taken[0].reject(error);
        return;
      }
      const failure = new KafkaError('KAFKA.SEND_FAILED', `a produce request of ${taken.length} records failed: ${errorMessage(error)}`, true);
      for (const pending of taken) pending.reject(failure);
    }
  }
}

function estimatedBytes(record: OutgoingRecord): number {
  let bytes = 64 + sizeOf(record.key) + sizeOf(record.value);
  for (const [name, value] of Object.entries(record.headers ?? {})) bytes += Buffer.byteLength(name) + Buffer.byteLength(value) + 8;
  return bytes;
}

function sizeOf(data: Buffer | string | null): number {
  return data === null ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

function byTopic(pending: readonly Pending[]): { topic: string; messages: OutgoingRecord[] }[] {
  const topics = new Map<string, OutgoingRecord[]>();
  for (const { topic, record } of pending) {
    const messages = topics.get(topic);
    if (messages === undefined) topics.set(topic, [record]);
    else messages.push(record);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
