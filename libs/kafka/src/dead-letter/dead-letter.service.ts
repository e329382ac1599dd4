import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { KafkaAdminPort, KafkaClientPort, RecordAck } from '../client/client.ports';
import { applicationHeaders, DeadLetterHeaders, deadLetterOrigin, retryHeaders } from '../headers/delivery-headers';
import { KafkaError } from '../kafka.errors';
import { KAFKA_CLIENT } from '../nest/kafka.constants';
import { KafkaProducer } from '../producer/kafka-producer';
import { redriveTopic } from '../retry/retry-topics';

/** A dead letter by its place in its dead-letter topic. */
export interface DeadLetterRef {
  topic: string;
  partition: number;
  offset: string | number;
}

/** A dead letter as read from its topic (an `InboundMessage` of a dead-letter consumer fits). */
export interface DeadLetterMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Readonly<Record<string, string>>;
}

export interface RedriveResult {
  /** The group that failed the message and gets it again. */
  group: string;
  /** The topic the handler subscribes to. */
  originalTopic: string;
  /** Where the message was written: that group's redrive topic. */
  redrivenTo: RecordAck;
}

/**
 * Puts dead letters back: to the one group that failed them (through its redrive topic, which only that group
 * reads), never to the groups that already succeeded. The message gets a fresh set of retries.
 */
@Injectable()
export class DeadLetterService implements OnApplicationShutdown {
  private admin?: Promise<KafkaAdminPort>;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly client: KafkaClientPort,
    private readonly producer: KafkaProducer,
  ) {}

  async redrive(deadLetter: DeadLetterRef | DeadLetterMessage): Promise<RedriveResult> {
    const message = 'headers' in deadLetter ? deadLetter : await this.read(deadLetter);
    const origin = deadLetterOrigin(message.headers);
    const group = message.headers[DeadLetterHeaders.ConsumerGroup];
    if (origin === undefined || !group) {
      throw new KafkaError(
        'KAFKA.NOT_A_DEAD_LETTER',
        `the message has no valid ${DeadLetterHeaders.OriginalTopic}/partition/offset/timestamp and ${DeadLetterHeaders.ConsumerGroup} headers`,
      );
    }
    const topic = redriveTopic(origin.topic, group);
    // The group gets the message as first produced: no stale dlq-* headers, a fresh first attempt.
    const headers = retryHeaders(applicationHeaders(message.headers), origin, { attempt: 1, dueAt: Date.now() });
    const [ack] = await this.producer.send(topic, [{ key: message.key, value: message.value, headers }]);
    return { group, originalTopic: origin.topic, redrivenTo: ack };
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private async read(ref: DeadLetterRef): Promise<DeadLetterMessage> {
    const offset = String(ref.offset);
    if (!/^\d+$/.test(offset) || !Number.isInteger(ref.partition) || ref.partition < 0) {
      throw new KafkaError('KAFKA.DEAD_LETTER_NOT_FOUND', `${ref.topic}[${ref.partition}]@${offset} is not a valid position`);
    }
    const admin = await this.connectedAdmin();
    const range = await admin.offsetRange(ref.topic, ref.partition);
    if (range === undefined || BigInt(offset) < BigInt(range.low) || BigInt(offset) >= BigInt(range.high)) {
      const held = range === undefined ? 'no such topic or partition' : `it holds offsets ${range.low} to ${BigInt(range.high) - 1n}`;
      throw new KafkaError('KAFKA.DEAD_LETTER_NOT_FOUND', `${ref.topic}[${ref.partition}]@${offset} does not exist: ${held}`);
    }
    return admin.readRecord(ref.topic, ref.partition, offset);
  }

  private connectedAdmin(): Promise<KafkaAdminPort> {
    this.admin ??= (async () => {
      const admin = this.client.admin();
      await admin.connect();
      return admin;
    })();
    const pending = this.admin;
    pending.catch(() => {
      if (this.admin === pending) this.admin = undefined;
    });
    return pending;
  }
}
