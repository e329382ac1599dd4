import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { hasKafkaErrorType } from '../kafka.errors';
import type { KafkaProducerPort, RecordAck, TopicRecords } from './client.ports';
import { toKafkajsMessage } from './kafkajs-records';

/**
 * Answers after which an idempotent producer's sequence numbers no longer match the broker's: kafkajs keeps
 * sending with the same producer id and sequences, so every later send fails the same way, for good.
 */
const LOST_SEQUENCE = ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH'];

/**
 * Idempotent, acks from every in-sync replica, murmur2 partitioning of keys like the Java client. A send answered
 * with a lost sequence fails, and the producer is replaced by a new one (a new producer id, sequences from 0), so
 * the caller's next try can succeed; Kafka's Java producer resets its sequence state the same way.
 */
export class KafkajsProducer implements KafkaProducerPort {
  private producer: Producer;
  private connected = false;
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
    const topicMessages = batches
      .filter((batch) => batch.messages.length > 0)
      .map((batch) => ({ topic: batch.topic, messages: batch.messages.map(toKafkajsMessage) }));
    if (topicMessages.length === 0) return [];
    await this.replacing;
    const producer = this.producer;
    try {
      const metadata = await producer.sendBatch({ acks: -1, topicMessages, compression: this.compression });
      return metadata.map((m) => ({ topic: m.topicName, partition: m.partition, baseOffset: m.baseOffset ?? m.offset ?? '-1' }));
    } catch (error) {
      if (hasKafkaErrorType(error, LOST_SEQUENCE)) this.replace(producer);
      throw error;
    }
  }

  private create(): Producer {
    return this.kafka.producer({
      idempotent: true,
      // Idempotence only keeps order with one request in flight per broker in kafkajs.
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

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
