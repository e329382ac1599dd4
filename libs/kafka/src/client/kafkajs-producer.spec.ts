import type { Kafka, ProducerBatch, ProducerConfig, RecordMetadata } from 'kafkajs';
import { KafkajsProducer, UnacknowledgedRecordsError } from './kafkajs-producer';

const PARTITIONS = 6;
const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionId, leader: partitionId % 3, replicas: [], isr: [], partitionErrorCode: 0 }));

/**
 * A kafkajs stand-in whose `sendBatch` partitions each record with the producer's own partitioner, as kafkajs
 * does, and answers for the partitions `answer` lets through: what kafkajs 2.2 does when a leader dies mid-send
 * and its partitions move to a broker that already answered (kafkajs#1303).
 */
function fakeKafka(answer: (call: number, partition: number) => boolean) {
  const calls: { topic: string; key: string; partition: number }[][] = [];
  let offset = 0;
  const kafka = {
    producer: (config: ProducerConfig) => {
      const partitioner = config.createPartitioner!();
      return {
        connect: async () => undefined,
        disconnect: async () => undefined,
        sendBatch: async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
          const call = calls.length;
          const sent: { topic: string; key: string; partition: number }[] = [];
          const byPartition = new Map<string, RecordMetadata>();
          for (const { topic, messages } of batch.topicMessages ?? []) {
            for (const message of messages) {
              const partition = partitioner({ topic, partitionMetadata, message });
              sent.push({ topic, key: String(message.key), partition });
              if (answer(call, partition)) {
                byPartition.set(`${topic}/${partition}`, { topicName: topic, partition, errorCode: 0, baseOffset: String(offset++) });
              }
            }
          }
          calls.push(sent);
          return [...byPartition.values()];
        },
      };
    },
  } as unknown as Kafka;
  return { kafka, calls };
}

const records = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `order-${i}`, value: `{"n":${i}}` }));

describe('KafkajsProducer', () => {
  it('sends again, alone, the records whose partitions the answer left out, on the partitions they were first given', async () => {
    const { kafka, calls } = fakeKafka((call, partition) => call > 0 || (partition !== 1 && partition !== 5));
    const producer = new KafkajsProducer(kafka);

    const acks = await producer.send([{ topic: 'orders', messages: records(40) }]);

    expect(calls).toHaveLength(2);
    const leftOut = calls[0].filter((r) => r.partition === 1 || r.partition === 5);
    expect(leftOut.length).toBeGreaterThan(0);
    expect(calls[1]).toEqual(leftOut);
    expect(new Set(acks.map((a) => a.partition))).toEqual(new Set(calls[0].map((r) => r.partition)));
  });

  it('keeps a keyless record on its first partition when it is sent again', async () => {
    const { kafka, calls } = fakeKafka((call, partition) => call > 0 || partition % 2 === 0);
    const producer = new KafkajsProducer(kafka);

    await producer.send([{ topic: 'audit', messages: Array.from({ length: 30 }, (_, i) => ({ key: null, value: `v${i}` })) }]);

    const firstOdd = calls[0].filter((r) => r.partition % 2 === 1).map((r) => r.partition);
    expect(calls[1].map((r) => r.partition)).toEqual(firstOdd);
  });

  it('fails the send when some records are never acknowledged, so the caller keeps them', async () => {
    const { kafka, calls } = fakeKafka((_call, partition) => partition !== 2);
    const producer = new KafkajsProducer(kafka);

    const sending = producer.send([{ topic: 'orders', messages: records(40) }]);

    await expect(sending).rejects.toBeInstanceOf(UnacknowledgedRecordsError);
    expect(calls.length).toBe(6);
    expect(calls[5].every((r) => r.partition === 2)).toBe(true);
  });

  it('answers in one send when every partition is acknowledged', async () => {
    const { kafka, calls } = fakeKafka(() => true);
    const producer = new KafkajsProducer(kafka);

    const acks = await producer.send([
      { topic: 'orders', messages: records(12) },
      { topic: 'audit', messages: records(3) },
    ]);

    expect(calls).toHaveLength(1);
    expect(acks.filter((a) => a.topic === 'audit').length).toBeGreaterThan(0);
  });
});
