import { CompressionTypes, ICustomPartitioner, Kafka, Message, Partitioners, Producer, RecordMetadata } from 'kafkajs';
import { hasKafkaErrorType } from '../kafka.errors';
import type { KafkaProducerPort, RecordAck, TopicRecords } from './client.ports';
import { toKafkajsMessage } from './kafkajs-records';

/**
 * Answers after which an idempotent producer's sequence numbers no longer match the broker's: kafkajs keeps
 * sending with the same producer id and sequences, so every later send fails the same way, for good.
 */
const LOST_SEQUENCE = ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH'];

/** Sends of the records a send answered without acknowledging, before the send fails. */
const UNACKNOWLEDGED_RESENDS = 5;

/** The records of one send that no answer acknowledged. */
export class UnacknowledgedRecordsError extends Error {
  constructor(readonly count: number) {
    super(`the Kafka client answered the send without acknowledging ${count} of its records`);
    this.name = 'UnacknowledgedRecordsError';
  }
}

/**
 * Idempotent, acks from every in-sync replica, murmur2 partitioning of keys like the Java client. A send answered
 * with a lost sequence fails, and the producer is replaced by a new one (a new producer id, sequences from 0), so
 * the caller's next try can succeed; Kafka's Java producer resets its sequence state the same way.
 *
 * A send resolves only when every record's partition is in the answer. kafkajs 2.2 keeps the answers of one send
 * per broker across its retries: when a leader dies mid-send and its partitions move to a broker that already
 * answered for others, the retry skips that broker and the send resolves with those records never written
 * (kafkajs#1303; seen here killing an Apache Kafka node). So the partition each record goes to is pinned on its
 * first assignment, and records whose partition no answer covers are sent again, in a send of their own.
 */
export class KafkajsProducer implements KafkaProducerPort {
  private producer: Producer;
  private connected = false;
  private readonly partitionOf = new WeakMap<Message, number>();
  private replacing: Promise<void> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly compression: CompressionTypes = CompressionTypes.None,
  ) {
    this.producer = this.create();
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.replacing;
    await this.producer.disconnect();
  }

  async send(batches: readonly TopicRecords[]): Promise<RecordAck[]> {
    const topicMessages = batches.filter((batch) => batch.messages.length > 0).map((batch) => ({ topic: batch.topic, messages: batch.messages.map(toKafkajsMessage) }));
    if (topicMessages.length === 0) return [];
    const acks: RecordAck[] = [];
    let pending = topicMessages;
    for (let resend = 0; ; resend++) {
      const answered = await this.sendOnce(pending);
      acks.push(...answered.map((m) => ({ topic: m.topicName, partition: m.partition, baseOffset: m.baseOffset ?? m.offset ?? '-1' })));
      pending = this.unacknowledged(pending, answered);
      if (pending.length === 0) return acks;
      if (resend === UNACKNOWLEDGED_RESENDS) throw new UnacknowledgedRecordsError(pending.reduce((n, batch) => n + batch.messages.length, 0));
    }
  }

  private async sendOnce(topicMessages: { topic: string; messages: Message[] }[]): Promise<RecordMetadata[]> {
    await this.replacing;
    const producer = this.producer;
    try {
      return await producer.sendBatch({ acks: -1, topicMessages, compression: this.compression });
    } catch (error) {
      if (hasKafkaErrorType(error, LOST_SEQUENCE)) this.replace(producer);
      throw error;
    }
  }

  /** The records of `sent` whose pinned partition is in none of the answers. */
  private unacknowledged(sent: { topic: string; messages: Message[] }[], answered: readonly RecordMetadata[]): { topic: string; messages: Message[] }[] {
    const acknowledged = new Set(answered.map((m) => `${m.partition}:${m.topicName}`));
    return sent
      .map(({ topic, messages }) => ({
        topic,
        messages: messages.filter((message) => {
          const partition = this.partitionOf.get(message);
          return partition === undefined || !acknowledged.has(`${partition}:${topic}`);
        }),
      }))
      .filter((batch) => batch.messages.length > 0);
  }

  private create(): Producer {
    return this.kafka.producer({
      idempotent: true,
      // Idempotence only keeps order with one request in flight per broker in kafkajs.
      maxInFlightRequests: 1,
      createPartitioner: this.pinnedPartitioner,
    });
  }

  /** Partitions as the Java client's (murmur2 of the key), each record's kept from its first assignment on. */
  private readonly pinnedPartitioner: ICustomPartitioner = () => {
    const partitioner = Partitioners.DefaultPartitioner();
    return (args) => {
      const pinned = this.partitionOf.get(args.message);
      if (pinned !== undefined && pinned < args.partitionMetadata.length) return pinned;
      const partition = partitioner(args);
      this.partitionOf.set(args.message, partition);
      return partition;
    };
  };

  /** Swaps in a new producer once per broken one; sends wait for it. */
  private replace(broken: Producer): void {
    if (this.producer !== broken || this.replacing !== undefined || !this.connected) return;
    const next = this.create();
    this.replacing = (async () => {
      await broken.disconnect().catch(() => undefined);
      await next.connect();
      this.producer = next;
    })()
      .catch(() => {
        // Left to the next send: it fails with the old producer's answer and tries again.
      })
      .finally(() => {
        this.replacing = undefined;
      });
  }
}
