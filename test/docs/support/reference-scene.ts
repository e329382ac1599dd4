import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { Topics } from '@app/contracts';
import { deadLetterTopic, redriveTopic, retryTopic } from '@app/kafka';
import type { RunningBroker } from '@app/kafka-broker';
import { clientRetries, startTestBroker } from '../../support/test-broker';
import { commitAs, SceneRecords } from './scene-records';

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

/** The doc's sections (headings) that change the state before their first command; see {@link ReferenceScene.enter}. */
export const SCENE_SECTIONS = ['offsets reset', 'Replay a topic for a group', 'Inspect and redrive a dead letter'] as const;

export class ReferenceScene {
  private member?: Consumer;
  private readonly entered = new Set<string>();
  private readonly records: SceneRecords;

  private constructor(
    readonly broker: RunningBroker,
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
  ) {
    this.records = new SceneRecords(producer);
  }

  static async start(): Promise<ReferenceScene> {
    const broker = await startTestBroker();
    const kafka = new Kafka({ clientId: 'docs-scene', brokers: broker.bootstrapServers.split(','), logLevel: logLevel.NOTHING, retry: { retries: clientRetries(3), initialRetryTime: 50 } });
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
    const [demoReaders, replay, restart] = SCENE_SECTIONS;
    if (section === demoReaders) await this.demoReadersMidway();
    // "1. stop the services (Ctrl-C in terminal 2); the groups leave at once"
    if (section === replay) await this.stopPaymentService();
    // "3. start the services again": the next sections show a running system.
    if (section === restart) await this.startPaymentService();
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
        await this.records.paymentProcessed(500, 'follow-me-1');
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
    await this.admin.createTopics({ waitForLeaders: true, topics: [...names].map((topic) => ({ topic, numPartitions: PARTITIONS })) });

    // The dead letters of the doc's `dlq list`: the bug switch's order, then a record that is not JSON.
    const bugOrder = await this.records.orderCreated('test-bug-1', 1250, 2);
    await this.records.deadLetter(bugOrder, PAYMENT_GROUP, 'GATEWAY.MALFUNCTION', 'payment gateway answered with a response that cannot be read');
    const notJson = await this.records.send(Topics.OrderCreated, 4, 'bad-1', 'this is not JSON', { 'event-id': 'bad-1', 'event-type': 'OrderCreated' });
    for (const group of READERS[Topics.OrderCreated]) {
      await this.records.deadLetter(notJson, group, 'EVENT.INVALID_JSON', 'payload is not valid JSON: Unexpected token \'h\', "this is not JSON" is not valid JSON');
    }
    // Orders that went through, one of them the doc's "Follow one order".
    await this.records.orderCreated('user-123', 10000, 3);
    await this.records.orderCreated('user-7', 500, 0);
    await this.records.paymentProcessed(500, 'follow-me-1');

    const groups = new Set(
      Object.values(READERS)
        .flat()
        .filter((group) => group !== PAYMENT_GROUP),
    );
    for (const group of groups) {
      const topics = Object.keys(READERS).filter((topic) => READERS[topic].includes(group));
      const ends = await Promise.all(topics.map(async (topic) => (await this.admin.fetchTopicOffsets(topic)).map((e) => ({ topic, partition: e.partition, offset: e.high }))));
      await commitAs(this.kafka, group, ends.flat());
    }
    await this.startPaymentService();
  }

  /** demo-events holds what the doc's produce section writes, and demo-readers has read part of it. */
  private async demoReadersMidway(): Promise<void> {
    await this.records.send('demo-events', 1, 'order-1', '{"hello":"world"}', { 'event-type': 'Demo' });
    await this.records.send('demo-events', 1, 'order-1', '{"n":2}', {});
    await this.records.send('demo-events', 0, 'order-2', '{"n":3}', {});
    await commitAs(this.kafka, 'demo-readers', [
      { topic: 'demo-events', partition: 0, offset: '1' },
      { topic: 'demo-events', partition: 1, offset: '2' },
    ]);
  }

  private async startPaymentService(): Promise<void> {
    const topics = [
      Topics.OrderCreated,
      ...Array.from({ length: RETRY_LEVELS }, (_, i) => retryTopic(Topics.OrderCreated, PAYMENT_GROUP, i + 1)),
      redriveTopic(Topics.OrderCreated, PAYMENT_GROUP),
    ];
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
