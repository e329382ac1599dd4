import type { OutgoingRecord } from '../client/client.ports';
import { KafkaError } from '../kafka.errors';
import { CoalescingSender, MAX_GATHERED_BYTES } from './coalescing-sender';

type Request = { topic: string; messages: OutgoingRecord[] }[];

function record(value: string): OutgoingRecord {
  return { key: value, value };
}

/** A producer whose requests finish when the test says so. */
function controlledProducer(refuse: (request: Request) => Error | undefined = () => undefined) {
  const requests: Request[] = [];
  const finish: (() => void)[] = [];
  const sendMany = (request: Request) => {
    requests.push(request);
    return new Promise<void>((resolve, reject) => {
      finish.push(() => {
        const error = refuse(request);
        if (error) reject(error);
        else resolve();
      });
    });
  };
  return { requests, sendMany, finishNext: () => finish.shift()?.() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('CoalescingSender', () => {
  it('sends at once when nothing is in flight, and gathers what comes meanwhile into the next request', async () => {
    const producer = controlledProducer();
    const sender = new CoalescingSender(producer.sendMany);
    const first = sender.send('a-dlq', record('1'));
    await settle();
    expect(producer.requests).toHaveLength(1);

    const later = [sender.send('a-dlq', record('2')), sender.send('b-dlq', record('3')), sender.send('a-dlq', record('4'))];
    await settle();
    expect(producer.requests).toHaveLength(1);

    producer.finishNext();
    await first;
    await settle();
    expect(producer.requests).toHaveLength(2);
    expect(producer.requests[1]).toEqual([
      { topic: 'a-dlq', messages: [record('2'), record('4')] },
      { topic: 'b-dlq', messages: [record('3')] },
    ]);
    producer.finishNext();
    await Promise.all(later);
  });

  it('joins sends made in the same turn into one request', async () => {
    const producer = controlledProducer();
    const sender = new CoalescingSender(producer.sendMany);
    const sends = [sender.send('t', record('1')), sender.send('t', record('2'))];
    await settle();
    expect(producer.requests).toEqual([[{ topic: 't', messages: [record('1'), record('2')] }]]);
    producer.finishNext();
    await Promise.all(sends);
  });

  it('sends a large record in a request of its own, so only its caller hears that it is too large', async () => {
    const tooLarge = new Error('too large');
    const big = 'x'.repeat(MAX_GATHERED_BYTES);
    const producer = controlledProducer((request) => (request.some((batch) => batch.messages.some((m) => m.value === big)) ? tooLarge : undefined));
    const sender = new CoalescingSender(producer.sendMany);
    const outcomes = [sender.send('t', record('first')), sender.send('t', record('small')), sender.send('t', record(big)), sender.send('t', record('other'))].map(outcome);
    for (let i = 0; i < 4; i++) {
      await settle();
      producer.finishNext();
    }
    expect(await Promise.all(outcomes)).toEqual(['sent', 'sent', tooLarge, 'sent']);
    expect(producer.requests.map((r) => r.flatMap((batch) => batch.messages.map((m) => (m.value === big ? 'big' : m.value))))).toEqual([['first', 'small'], ['big'], ['other']]);
  });

  it('gives every caller of a failed gathered request a retriable error', async () => {
    const producer = controlledProducer((request) => (request[0].messages.length > 1 ? new Error('broker went away') : undefined));
    const sender = new CoalescingSender(producer.sendMany);
    const outcomes = [sender.send('t', record('1')), sender.send('t', record('2'))].map(outcome);
    await settle();
    producer.finishNext();
    const errors = await Promise.all(outcomes);
    for (const error of errors) {
      expect(error).toBeInstanceOf(KafkaError);
      expect(error).toMatchObject({ retriable: true, message: expect.stringContaining('broker went away') });
    }
  });
});

function outcome(sent: Promise<void>): Promise<unknown> {
  return sent.then(
    () => 'sent',
    (error: unknown) => error,
  );
}
