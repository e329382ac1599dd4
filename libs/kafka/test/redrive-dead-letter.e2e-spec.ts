import { Injectable } from '@nestjs/common';
import { DeadLetterService, deadLetterTopic, InboundMessage, KafkaError, KafkaHandler, KafkaProducer, redriveTopic } from '../src';
import { eventually, readTopic, startApp, testKafkaOptions, uniqueName, useBroker } from './kafka-test-kit';

describe('redriving a dead letter', () => {
  const broker = useBroker();

  it('re-delivers it to the group that failed it only, with a fresh first attempt', async () => {
    const topic = uniqueName('orders');
    const failing = uniqueName('payments');
    const succeeding = uniqueName('analytics');
    const received: Record<'failing' | 'succeeding', InboundMessage[]> = { failing: [], succeeding: [] };
    let bankFixed = false;

    @Injectable()
    class Handlers {
      @KafkaHandler({ topic, group: failing, onFailure: 'dead-letter' })
      async pay(message: InboundMessage): Promise<void> {
        received.failing.push(message);
        if (!bankFixed && message.key !== 'sentinel') throw new Error('bank rejected the connection');
      }

      @KafkaHandler({ topic, group: succeeding })
      async count(message: InboundMessage): Promise<void> {
        received.succeeding.push(message);
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [Handlers] });
    const producer = app.get(KafkaProducer);
    const [sent] = await producer.send(topic, [{ key: 'order-1', value: '{"order":1}', headers: { 'event-id': 'e-1', 'correlation-id': 'c-1' } }]);
    const [dead] = await readTopic(broker(), deadLetterTopic(topic), 1);
    expect(dead.headers['dlq-consumer-group']).toBe(failing);
    await eventually(() => (received.succeeding.length === 1 ? true : undefined), 'the other group handling it');

    bankFixed = true;
    const result = await app.get(DeadLetterService).redrive({ topic: deadLetterTopic(topic), partition: dead.partition, offset: dead.offset });
    expect(result.group).toBe(failing);
    expect(result.originalTopic).toBe(topic);
    expect(result.redrivenTo.topic).toBe(redriveTopic(topic, failing));

    const redriven = await eventually(() => (received.failing.length === 2 ? received.failing[1] : undefined), 'the redriven delivery');
    expect(redriven).toMatchObject({
      topic,
      key: 'order-1',
      partition: sent.partition,
      offset: sent.baseOffset,
      attempt: 1,
      correlationId: 'c-1',
      eventId: 'e-1',
      deliveredFrom: { topic: redriveTopic(topic, failing) },
    });
    expect(redriven.value?.toString()).toBe('{"order":1}');
    expect(Object.keys(redriven.headers).filter((h) => h.startsWith('dlq-') || h.startsWith('retry-'))).toEqual([]);

    // A later message reaches both groups; by then the group that had succeeded still saw the first one only once.
    await producer.send(topic, [{ key: 'sentinel', value: '{}' }]);
    await eventually(() => (received.succeeding.some((m) => m.key === 'sentinel') && received.failing.some((m) => m.key === 'sentinel') ? true : undefined), 'the sentinel in both groups');
    expect(received.succeeding.map((m) => m.key)).toEqual(['order-1', 'sentinel']);
  });

  it('takes a dead letter as a dead-letter consumer received it, and refuses what is not a dead letter', async () => {
    const topic = uniqueName('orders');
    const group = uniqueName('payments');
    const keys: string[] = [];
    const deadLetters: InboundMessage[] = [];
    let fail = true;

    @Injectable()
    class Handlers {
      @KafkaHandler({ topic, group })
      async handle(message: InboundMessage): Promise<void> {
        keys.push(message.key ?? '');
        if (fail) throw new KafkaError('KAFKA.INVALID_JSON', 'bad payload');
      }

      @KafkaHandler({ topic: deadLetterTopic(topic), group: uniqueName('operators') })
      async park(message: InboundMessage): Promise<void> {
        deadLetters.push(message);
      }
    }

    const app = await startApp({ kafka: testKafkaOptions(broker()), providers: [Handlers] });
    await app.get(KafkaProducer).send(topic, [{ key: 'k1', value: 'x' }]);
    const dead = await eventually(() => deadLetters[0], "the dead letter in the operators' handler");
    expect(dead.headers).toMatchObject({ 'dlq-consumer-group': group, 'dlq-error-type': 'KAFKA.INVALID_JSON', 'dlq-original-topic': topic });

    fail = false;
    const service = app.get(DeadLetterService);
    await service.redrive(dead);
    await eventually(() => (keys.length === 2 ? true : undefined), 'the redriven message');
    expect(keys).toEqual(['k1', 'k1']);

    await expect(service.redrive({ key: 'k', value: 'v', headers: { 'event-id': 'e' } })).rejects.toMatchObject({ code: 'KAFKA.NOT_A_DEAD_LETTER' });
    await expect(service.redrive({ topic: deadLetterTopic(topic), partition: dead.partition, offset: 99 })).rejects.toMatchObject({ code: 'KAFKA.DEAD_LETTER_NOT_FOUND' });
  });
});
