import type { ConsumerConfig, Kafka } from 'kafkajs';
import { KafkajsConsumer } from './kafkajs-consumer';

describe('KafkajsConsumer', () => {
  it('hands the fetch settings to the client: how long a fetch waits, and for how much data', () => {
    let given: ConsumerConfig | undefined;
    const kafka = {
      consumer: (config: ConsumerConfig) => {
        given = config;
        return {};
      },
    } as unknown as Kafka;

    new KafkajsConsumer(kafka, {
      groupId: 'g',
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3000,
      rebalanceTimeoutMs: 60_000,
      maxWaitTimeMs: 250,
      minBytes: 65_536,
      partitionsConsumedConcurrently: 6,
      requestRetries: 5,
    });

    expect(given).toMatchObject({ groupId: 'g', maxWaitTimeInMs: 250, minBytes: 65_536 });
  });
});
