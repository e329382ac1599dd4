import { randomUUID } from 'node:crypto';
import { Admin, Consumer, IHeaders, Kafka, logLevel, Producer } from 'kafkajs';
import { createEvent, encodeEvent, Topics } from '@app/contracts';
import { buildEventHeaders, deadLetterTopic, redriveTopic, retryTopic } from '@app/kafka';
import { deadLetterHeaders } from '@app/kafka/headers/delivery-headers';
import { RunningBroker, startBroker } from '@app/kafka-broker';

/**
 * The system KAFKA-CLI-REFERENCE.md was written against, rebuilt on a broker of the test's own: the topics the
 * services create, the dead letters its examples show (a GATEWAY.MALFUNCTION of payment-service on
 * order-created[2], and one non-JSON record parked by each of the three groups reading order-created), the
 * services' groups with committed offsets, and payment-service as a live member. Sections of the doc that change
 * that state (stopping the services to replay, starting them again) have a step here, run before their first
 * command, named after the section's heading.
 */

/** Who reads what, as the services declare it: each reader gets retry and redrive topics at start-up. */
const READERS: Readonly<Record<string, readonly string[]>> = {
  [Topics.OrderCreated]: ['payment-service', 'notification-service', 'analytics-service'],
  [Topics.PaymentProcessed]: ['order-service', 'notification-service', 'analytics-service'],
  [Topics.PaymentFailed]: ['order-service', 'notification-service', 'analytics-service'],
  [deadLetterTopic(Topics.OrderCreated)]: ['analytics-service'],
};
const RETRY_LEVELS = 3;
/** What `npm start` creates the business topics with. */
const PARTITIONS = 6;
const PAYMENT_GROUP = 'payment-service';

export class ReferenceScene {
  private member?: Consumer;
  private readonly entered = new Set<string>();

  private constructor(
    readonly broker: RunningBroker,
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
  ) {}

  static async start(): Promise<ReferenceScene> {
    const broker = await startBroker({ port: 0 });
    const kafka = new Kafka({ clientId: 'docs-scene', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 50 } });
    const admin = kafka.admin();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await admin.connect();
    await producer.connect();
    const scene = new ReferenceScene(broker, kafka, admin, producer);
    await scene.seed();
    return scene;
  }

  get brokers(): string {
    return this.broker.bootstrapServers;
  }

  /** The state change the doc's section `section` starts with, once. */
  async enter(section: string): Promise<void> {
    if (this.entered.has(section)) return;
    this.entered.add(section);
    if (section === 'offsets reset') await this.demoReadersMidway();
    // "1. stop the services (Ctrl-C in terminal 2); the groups leave at once"
    if (section === 'Replay a topic for a group') await this.stopPaymentService();
    // "3. start the services again": the next sections show a running system.
    if (section === 'Inspect and redrive a dead letter') await this.startPaymentService();
  }

  /**
   * "# then place an order": while `run` is under way, once a new consumer group has a member (the CLI's
   * throw-away group), a few PaymentProcessed events (correlation id follow-me-1, as in the doc) arrive on payment-processed.
   */
  async whilePlacingAnOrder<T>(run: () => Promise<T>): Promise<T> {
    const known = new Set((await this.admin.listGroups()).groups.map((g) => g.groupId));
    let done = false;
    const placing = (async () => {
      while (!done) {
        const fresh = (await this.admin.listGroups()).groups.map((g) => g.groupId).filter((g) => !known.has(g));
        const described = fresh.length > 0 ? await this.admin.describeGroups(fresh) : { groups: [] };
        if (described.groups.some((g) => g.state === 'Stable')) break;
        await sleep(100);
      }
      for (let i = 0; i < 3 && !done; i++) {
        await sleep(500);
        await this.paymentProcessed(500, 'follow-me-1');
      }
    })();
    try {
      return await run();
    } finally {
      done = true;
      await placing;
    }
  }

  async close(): Promise<void> {
    await this.member?.disconnect();
    await this.producer.disconnect();
    await this.admin.disconnect();
    await this.broker.close();
  }

  private async seed(): Promise<void> {
    const names = new Set<string>();
    for (const [topic, groups] of Object.entries(READERS)) {
      names.add(topic).add(deadLetterTopic(topic));
      for (const group of groups) {
        for (let level = 1; level <= RETRY_LEVELS; level++) names.add(retryTopic(topic, group, level));
        names.add(redriveTopic(topic, group));
      }
    }
    await this.admin.createTopics({ topics: [...names].map((topic) => ({ topic, numPartitions: PARTITIONS })) });

    // The dead letters of the doc's `dlq list`: the bug switch's order, then a record that is not JSON.
    const bugOrder = await this.orderCreated('test-bug-1', 1250, 2);
    await this.deadLetter(bugOrder, PAYMENT_GROUP, 'GATEWAY.MALFUNCTION', 'payment gateway answered with a response that cannot be read');
    const notJson = await this.send(Topics.OrderCreated, 4, 'bad-1', 'this is not JSON', { 'event-id': 'bad-1', 'event-type': 'OrderCreated' });
    for (const group of READERS[Topics.OrderCreated]) {
      await this.deadLetter(notJson, group, 'EVENT.INVALID_JSON', "payload is not valid JSON: Unexpected token 'h', \"this is not JSON\" is not valid JSON");
    }
    // Orders that went through, one of them the doc's "Follow one order".
    await this.orderCreated('user-123', 10000, 3);
    await this.orderCreated('user-7', 500, 0);
    await this.paymentProcessed(500, 'follow-me-1');

    const groups = new Set(Object.values(READERS).flat().filter((group) => group !== PAYMENT_GROUP));
    for (const group of groups) {
      const topics = Object.keys(READERS).filter((topic) => READERS[topic].includes(group));
      const ends = await Promise.all(topics.map(async (topic) => (await this.admin.fetchTopicOffsets(topic)).map((e) => ({ topic, partition: e.partition, offset: e.high }))));
      await this.commit(group, ends.flat());
    }
    await this.startPaymentService();
  }

  /** demo-events holds what the doc's produce section writes, and demo-readers has read part of it. */
  private async demoReadersMidway(): Promise<void> {
    await this.send('demo-events', 1, 'order-1', '{"hello":"world"}', { 'event-type': 'Demo' });
    await this.send('demo-events', 1, 'order-1', '{"n":2}', {});
    await this.send('demo-events', 0, 'order-2', '{"n":3}', {});
    await this.commit('demo-readers', [
      { topic: 'demo-events', partition: 0, offset: '1' },
      { topic: 'demo-events', partition: 1, offset: '2' },
    ]);
  }

  private async startPaymentService(): Promise<void> {
    const topics = [Topics.OrderCreated, ...Array.from({ length: RETRY_LEVELS }, (_, i) => retryTopic(Topics.OrderCreated, PAYMENT_GROUP, i + 1)), redriveTopic(Topics.OrderCreated, PAYMENT_GROUP)];
    const member = new Kafka({ clientId: PAYMENT_GROUP, brokers: this.brokers.split(','), logLevel: logLevel.NOTHING }).consumer({ groupId: PAYMENT_GROUP, maxWaitTimeInMs: 100 });
    await member.connect();
    await member.subscribe({ topics, fromBeginning: true });
    await member.run({ eachMessage: async () => undefined });
    this.member = member;
    await until(async () => {
      const [group] = (await this.admin.describeGroups([PAYMENT_GROUP])).groups;
      if (group.state !== 'Stable') return false;
      const ends = await this.admin.fetchTopicOffsets(Topics.OrderCreated);
      const [committed] = await this.admin.fetchOffsets({ groupId: PAYMENT_GROUP, topics: [Topics.OrderCreated] });
      return ends.every((end) => end.high === '0' || committed.partitions.find((p) => p.partition === end.partition)?.offset === end.high);
    }, 'payment-service to be Stable and caught up on order-created');
  }

  private async stopPaymentService(): Promise<void> {
    await this.member?.disconnect();
    this.member = undefined;
    await until(async () => (await this.admin.describeGroups([PAYMENT_GROUP])).groups[0].state === 'Empty', 'payment-service to be Empty');
  }

  /**
   * Commits `offsets` for `group` as a member that joins, commits and leaves (kafkajs commits only as a member;
   * its admin.setOffsets does the same but then waits out a whole fetch, ~5 s). The group must have no members.
   */
  private async commit(group: string, offsets: readonly { topic: string; partition: number; offset: string }[]): Promise<void> {
    const topics = [...new Set(offsets.map((o) => o.topic))];
    const consumer = this.kafka.consumer({ groupId: group, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics });
      await new Promise<void>((resolve, reject) => {
        // Not at GROUP_JOIN: until its fetch loop runs, kafkajs drops the commit and does not leave on disconnect.
        let committing = false;
        consumer.on(consumer.events.FETCH_START, () => {
          if (committing) return;
          committing = true;
          consumer.commitOffsets([...offsets]).then(resolve, reject);
        });
        consumer.run({ autoCommit: false, eachBatch: async () => undefined }).catch(reject);
        consumer.pause(topics.map((topic) => ({ topic })));
      });
    } finally {
      await consumer.disconnect();
    }
  }

  private async orderCreated(userId: string, totalCents: number, partition: number): Promise<SentRecord> {
    const items = [{ productId: 'prod-1', quantity: 1, priceCents: totalCents }];
    const event = createEvent('OrderCreated', { orderId: randomUUID(), userId, items, totalCents, currency: 'USD' }, { correlationId: randomUUID() });
    const headers = buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId: event.correlationId });
    return this.send(Topics.OrderCreated, partition, event.data.orderId, encodeEvent(event), headers);
  }

  private async paymentProcessed(amountCents: number, correlationId: string): Promise<void> {
    const event = createEvent('PaymentProcessed', { orderId: randomUUID(), paymentId: `pay_${randomUUID()}`, amountCents }, { correlationId });
    const headers = buildEventHeaders({ eventId: event.eventId, eventType: event.eventType, eventVersion: event.version, correlationId });
    await this.send(Topics.PaymentProcessed, 0, event.data.orderId, encodeEvent(event), headers);
  }

  /** A dead letter as libs/kafka writes one: the original key, value and headers, plus its dlq-* headers. */
  private async deadLetter(original: SentRecord, group: string, code: string, message: string): Promise<void> {
    const origin = { topic: original.topic, partition: original.partition, offset: original.offset, timestamp: original.timestamp };
    const headers = deadLetterHeaders(original.headers, origin, { group, error: Object.assign(new Error(message), { code }), attempts: 1 });
    await this.send(deadLetterTopic(original.topic), original.partition, original.key, original.value, headers);
  }

  private async send(topic: string, partition: number, key: string, value: string | Buffer, headers: Record<string, string>): Promise<SentRecord> {
    const timestamp = Date.now();
    const [ack] = await this.producer.send({ topic, acks: -1, messages: [{ key, value, partition, headers: headers as IHeaders, timestamp: String(timestamp) }] });
    return { topic, partition, offset: String(ack.baseOffset ?? ack.offset), timestamp, key, value, headers };
  }
}

interface SentRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
