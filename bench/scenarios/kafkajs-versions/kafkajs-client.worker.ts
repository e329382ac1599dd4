/**
 * One kafkajs version's client workload against the embedded broker, its own CPU measured per phase with
 * process.cpuUsage (this process runs nothing else):
 *   1. produce `records` 200-byte records, batches of 100, 8 sends in flight, acks=-1
 *   2. consume them from the beginning
 *   3. steady: one-record sends at `steadyRate`/s for `steadySeconds` (a service's outbox relay, not a bulk load)
 *   4. idle: the producer and a consumer of an empty topic connected, nothing sent, for `idleSeconds`
 * Phases 3 and 4 are where kafkajs issue #1556 (2.2.4 request queue re-arming a 1 ms timer) would show.
 *   node --import tsx kafkajs-client.worker.ts '{"kafkajsPath": ".../node_modules/kafkajs", ...}'
 */
import { createRequire } from 'node:module';
import { measuredWorkerMain } from '../../support/worker-main';

export interface KafkajsWorkload {
  readonly kafkajsPath: string;
  readonly brokers: string;
  readonly topicPrefix: string;
  readonly records: number;
  readonly steadyRate: number;
  readonly steadySeconds: number;
  readonly idleSeconds: number;
}

export interface KafkajsPhaseResult {
  readonly msgsPerSecond: number;
  /** CPU of this client process over the phase, as a share of one core. */
  readonly cpuShare: number;
  readonly cpuMsPer1000: number;
}

export interface KafkajsWorkloadResult {
  readonly version: string;
  readonly produce: KafkajsPhaseResult;
  readonly consume: KafkajsPhaseResult;
  readonly steady: KafkajsPhaseResult;
  readonly idle: KafkajsPhaseResult;
}

const RECORD = Buffer.alloc(200, 'x');
const sleep = (ms: number) => new Promise<void>((wake) => setTimeout(wake, ms));

async function phase(count: () => number, work: () => Promise<void>): Promise<KafkajsPhaseResult> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  const n = count();
  return { msgsPerSecond: n / seconds, cpuShare: cpuMs / 1000 / seconds, cpuMsPer1000: n > 0 ? (cpuMs / n) * 1000 : 0 };
}

measuredWorkerMain<KafkajsWorkload, KafkajsWorkloadResult>(async (w, started) => {
  const requireFrom = createRequire(__filename);
  const kafkajs = requireFrom(w.kafkajsPath) as typeof import('kafkajs');
  const version = (requireFrom(`${w.kafkajsPath}/package.json`) as { version: string }).version;
  const kafka = new kafkajs.Kafka({ clientId: `bench-kafkajs-${version}`, brokers: [w.brokers], logLevel: kafkajs.logLevel.NOTHING });
  const [bulkTopic, steadyTopic, emptyTopic] = ['bulk', 'steady', 'empty'].map((t) => `${w.topicPrefix}-${t}`);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [bulkTopic, steadyTopic, emptyTopic].map((topic) => ({ topic, numPartitions: 6 })), waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  started();

  let sent = 0;
  const produce = await phase(
    () => sent,
    async () => {
      const loop = async () => {
        while (sent < w.records) {
          sent += 100;
          await producer.send({ topic: bulkTopic, acks: -1, messages: Array.from({ length: 100 }, () => ({ value: RECORD })) });
        }
      };
      await Promise.all(Array.from({ length: 8 }, loop));
    },
  );

  const consumer = kafka.consumer({ groupId: `${w.topicPrefix}-group`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [bulkTopic], fromBeginning: true });
  let seen = 0;
  const consume = await phase(
    () => seen,
    () =>
      new Promise<void>((done, fail) => {
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              seen += batch.messages.length;
              if (seen >= sent) done();
            },
          })
          .catch(fail);
      }),
  );
  await consumer.disconnect();

  let steadySent = 0;
  let steadyFailures = 0;
  const steady = await phase(
    () => steadySent,
    async () => {
      const t0 = performance.now();
      const total = w.steadyRate * w.steadySeconds;
      while (steadySent < total) {
        const due = t0 + (steadySent * 1000) / w.steadyRate;
        if (due > performance.now()) await sleep(due - performance.now());
        steadySent += 1;
        producer.send({ topic: steadyTopic, acks: -1, messages: [{ value: RECORD }] }).catch(() => (steadyFailures += 1));
      }
    },
  );
  if (steadyFailures > 0) throw new Error(`${steadyFailures} of ${steadySent} steady sends failed`);

  const idleConsumer = kafka.consumer({ groupId: `${w.topicPrefix}-idle`, maxWaitTimeInMs: 500 });
  await idleConsumer.connect();
  await idleConsumer.subscribe({ topics: [emptyTopic], fromBeginning: true });
  await idleConsumer.run({ eachMessage: async () => undefined });
  await sleep(2000);
  const idle = await phase(
    () => 0,
    async () => {
      await sleep(w.idleSeconds * 1000);
    },
  );
  await idleConsumer.disconnect();
  await producer.disconnect();
  return { version, produce, consume, steady, idle };
});
