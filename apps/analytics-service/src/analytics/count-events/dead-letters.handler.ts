import { Injectable } from '@nestjs/common';
import { deadLetterTopic, Topics } from '@app/contracts';
import { claimInbox, Database, InjectDatabase } from '@app/database';
import { InboundMessage, KafkaHandler } from '@app/kafka';
import { countDeadLetter } from '../analytics.repository';
import { ANALYTICS_SERVICE_GROUP } from '../analytics-service.group';

const group = ANALYTICS_SERVICE_GROUP;

/**
 * Counts every message parked in a dead-letter topic, whatever it holds (it may not be JSON at all). Each is
 * claimed by its own position rather than its `event-id` header: one bad event is dead-lettered once per group
 * that failed it, and each of those copies is a dead letter; unparsable ones have no event id anyway.
 */
@Injectable()
export class DeadLettersHandler {
  constructor(@InjectDatabase() private readonly db: Database) {}

  @KafkaHandler({ topic: deadLetterTopic(Topics.OrderCreated), group })
  async onOrderCreatedDeadLetter(message: InboundMessage): Promise<void> {
    await this.count(message);
  }

  @KafkaHandler({ topic: deadLetterTopic(Topics.PaymentProcessed), group })
  async onPaymentProcessedDeadLetter(message: InboundMessage): Promise<void> {
    await this.count(message);
  }

  @KafkaHandler({ topic: deadLetterTopic(Topics.PaymentFailed), group })
  async onPaymentFailedDeadLetter(message: InboundMessage): Promise<void> {
    await this.count(message);
  }

  private async count(message: InboundMessage): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await claimInbox(tx, group, deadLetterClaimId(message)))) return;
      await countDeadLetter(tx, message.topic);
    });
  }
}

/** The dead letter's own place in its topic (a retried delivery keeps the original place). */
export function deadLetterClaimId(message: Pick<InboundMessage, 'topic' | 'partition' | 'offset'>): string {
  return `dead-letter:${message.topic}:${message.partition}:${message.offset}`;
}
