import { OutboxMessage, OutboxPublisher } from '../src';

/** A message as the fake broker received it, value decoded for easy comparison. */
export interface PublishedMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  publisher: string;
}

export interface FakePublisherOptions {
  name?: string;
  /** The first `failFirst` publish calls reject, as a broker outage would. */
  failFirst?: number;
  /** Runs at the start of every call (before a planned failure), e.g. to hold a batch in flight. */
  beforePublish?: (messages: OutboxMessage[]) => Promise<void>;
}

/** An in-memory stand-in for the Kafka-backed publisher: appends what it acknowledges to `log`. */
export class FakePublisher implements OutboxPublisher {
  calls = 0;
  readonly batchSizes: number[] = [];

  constructor(
    readonly log: PublishedMessage[] = [],
    private readonly options: FakePublisherOptions = {},
  ) {}

  async publish(messages: OutboxMessage[]): Promise<void> {
    this.calls += 1;
    await this.options.beforePublish?.(messages);
    if (this.calls <= (this.options.failFirst ?? 0)) throw new Error('fake broker unavailable');
    // Yield part-way, as a network round trip would: two relays not excluding each other would interleave here.
    await new Promise((resolve) => setImmediate(resolve));
    this.batchSizes.push(messages.length);
    for (const message of messages) {
      this.log.push({
        topic: message.topic,
        key: message.key,
        value: message.value.toString(),
        headers: message.headers,
        publisher: this.options.name ?? 'publisher',
      });
    }
  }
}
