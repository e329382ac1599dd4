import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ApiKey, ErrorCode } from '../src';
import type { BrokerOptions, DiskFaultRule } from '../src';
import { CliBroker, startCliBroker, useScratchCliBroker } from './cli-broker';
import { eventually, uniqueName } from './helpers';
import { RawClient } from './raw-client';

const FIXTURE = path.join(__dirname, 'fixtures', 'faulty-disk-broker.ts');

function client(bootstrap: string, retries = 0): Kafka {
  return new Kafka({
    clientId: uniqueName('full-disk'),
    brokers: bootstrap.split(','),
    logLevel: process.env.KAFKAJS_LOG ? logLevel.DEBUG : logLevel.NOTHING,
    // writes get one attempt: each refusal must reach the test, not be retried away
    retry: { initialRetryTime: 50, retries },
  });
}

/** Sends an IPC command to the fixture and waits for its answer. */
function command(broker: CliBroker, msg: object, answer: string): Promise<void> {
  return new Promise((resolve) => {
    const onMsg = (m: { type?: string }) => {
      if (m.type !== answer) return;
      broker.child.off('message', onMsg);
      resolve();
    };
    broker.child.on('message', onMsg);
    broker.child.send(msg);
  });
}
const addDiskFault = (b: CliBroker, rule: DiskFaultRule) => command(b, { type: 'disk-fault', rule }, 'disk-fault-added');
const clearDiskFaults = (b: CliBroker) => command(b, { type: 'clear-disk-faults' }, 'disk-faults-cleared');

/** Every error type (kafkajs's name for the Kafka error code) along an error's cause chain. */
function errorTypes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err as { type?: string; originalError?: unknown; cause?: unknown } | undefined; e; e = (e.originalError ?? e.cause) as typeof e) {
    if (e.type) out.push(e.type);
  }
  return out;
}

async function readAll(kafka: Kafka, topic: string, atLeast: number): Promise<Map<number, string>> {
  const seen = new Map<number, string>();
  const consumer = kafka.consumer({ groupId: uniqueName('full-disk-reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.set(Number(message.offset), message.value!.toString()) });
  await eventually(() => (seen.size >= atLeast ? true : undefined), 30_000, `${atLeast} records`);
  // a little longer: anything beyond what was acknowledged would show up now
  await new Promise((r) => setTimeout(r, 500));
  await consumer.disconnect();
  return seen;
}

async function committed(bootstrap: string, groupId: string, topic: string): Promise<Record<number, string>> {
  const admin = client(bootstrap, 8).admin();
  await admin.connect();
  const [res] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return Object.fromEntries(res.partitions.map((p) => [p.partition, p.offset]));
}

/** OffsetCommit v2, encoded and decoded by kafkajs's own codec. */
async function offsetCommit(raw: RawClient, groupId: string, topic: string, offsets: number[]): Promise<{ partition: number; errorCode: number }[]> {
  const base = 'kafkajs/src/protocol/requests/offsetCommit/v2';
  type Encodable = { encode(): Promise<{ buffer: Buffer }> };
  const request = (require(`${base}/request`) as (args: object) => Encodable)({
    groupId,
    groupGenerationId: -1,
    memberId: '',
    retentionTime: -1,
    topics: [{ topic, partitions: offsets.map((offset, partition) => ({ partition, offset: String(offset) })) }],
  });
  const response = require(`${base}/response`) as { decode(b: Buffer): Promise<{ responses: { partitions: { partition: number; errorCode: number }[] }[] }> };
  const body = (await request.encode()).buffer;
  const r = await raw.request(ApiKey.OffsetCommit, 2, (w) => w.raw(body));
  return (await response.decode(r.buf.subarray(r.offset))).responses[0].partitions;
}

describe('a broker whose data dir fills up (injected short writes and ENOSPC)', () => {
  const scratch = useScratchCliBroker('kafka-broker-full-disk-');
  const start = async (extra: BrokerOptions = {}): Promise<CliBroker> =>
    scratch.track(startCliBroker([JSON.stringify({ port: 0, dataDir: scratch.dataDir(), defaultPartitions: 1, ...extra })], [], FIXTURE));
  const kill9 = async (broker: CliBroker): Promise<void> => {
    process.kill(broker.pid, 'SIGKILL');
    expect(await broker.exited).toBe('SIGKILL');
  };

  it('acknowledges only whole writes: refused sends get KAFKA_STORAGE_ERROR, acknowledged records survive kill -9 at their offsets', async () => {
    const topic = uniqueName('full-disk');
    let broker = await start();
    const kafka = client(broker.bootstrapServers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();

    // every third segment write stores half its bytes, then the rest fails with ENOSPC
    await addDiskFault(broker, { target: 'segment', every: 3, kind: 'short', code: 'ENOSPC' });
    const acked = new Map<number, string>();
    const baseOffsets: number[] = [];
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      const values = Array.from({ length: 4 }, (_, j) => `s${i}-${j}-${uniqueName('v')}`);
      try {
        const [meta] = await producer.send({ topic, acks: -1, messages: values.map((value) => ({ partition: 0, value })) });
        baseOffsets.push(Number(meta.baseOffset));
        values.forEach((v, j) => acked.set(Number(meta.baseOffset) + j, v));
      } catch (err) {
        expect(errorTypes(err)).toContain('KAFKA_STORAGE_ERROR');
        refused++;
      }
    }
    expect(refused).toBeGreaterThanOrEqual(15);
    // the same producer (connection) went on working between refusals, and no offset was skipped or reused
    expect(baseOffsets).toEqual(baseOffsets.map((_, i) => i * 4));

    await clearDiskFaults(broker);
    expect(await readAll(kafka, topic, acked.size)).toEqual(acked);
    await producer.disconnect();

    await kill9(broker);
    broker = await start();
    const after = client(broker.bootstrapServers);
    expect(await readAll(after, topic, acked.size)).toEqual(acked);
    const next = after.producer({ allowAutoTopicCreation: false });
    await next.connect();
    const [meta] = await next.send({ topic, acks: -1, messages: [{ partition: 0, value: 'after restart' }] });
    expect(Number(meta.baseOffset)).toBe(acked.size);
    await next.disconnect();
  });

  it('refuses an offset commit the metadata log cannot record (NOT_COORDINATOR); the last acknowledged one survives kill -9', async () => {
    const topic = uniqueName('full-disk-commit');
    const group = uniqueName('full-disk-group');
    let broker = await start();
    const admin = client(broker.bootstrapServers).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    await admin.disconnect();
    // a simple commit (no generation, no member) over a bare connection, so nothing retries it
    const raw = await RawClient.connect(broker.bootstrapServers);
    const commit = async (p0: number, p1: number): Promise<number[]> => {
      const res = await offsetCommit(raw, group, topic, [p0, p1]);
      return res.map((p) => p.errorCode);
    };

    expect(await commit(10, 10)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    // the second append of the next request is written half, then ENOSPC
    await addDiskFault(broker, { target: 'metadata', kind: 'short', every: 2, times: 1 });
    expect(await commit(20, 20)).toEqual([ErrorCode.NONE, ErrorCode.NOT_COORDINATOR]);
    expect(await committed(broker.bootstrapServers, group, topic)).toEqual({ 0: '20', 1: '10' });

    await addDiskFault(broker, { target: 'metadata', kind: 'fail', code: 'EIO' });
    expect(await commit(40, 40)).toEqual([ErrorCode.NOT_COORDINATOR, ErrorCode.NOT_COORDINATOR]);
    expect(await committed(broker.bootstrapServers, group, topic)).toEqual({ 0: '20', 1: '10' });
    await clearDiskFaults(broker);
    expect(await commit(21, 30)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    // same connection throughout: refusals did not close it
    expect(raw.closed).toBe(false);
    await addDiskFault(broker, { target: 'metadata', kind: 'short' });
    expect(await commit(50, 50)).toEqual([ErrorCode.NOT_COORDINATOR, ErrorCode.NOT_COORDINATOR]);
    raw.close();

    await kill9(broker);
    broker = await start();
    expect(await committed(broker.bootstrapServers, group, topic)).toEqual({ 0: '21', 1: '30' });
  });

  it('stays up when retention and fsync hit ENOSPC, logs it, and retention works again once writes succeed', async () => {
    const topic = uniqueName('full-disk-retention');
    const broker = await start({ maintenanceIntervalMs: 50, fsyncIntervalMs: 50 });
    const kafka = client(broker.bootstrapServers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] }] });
    // the log start offset file and every fsync fail from now on
    await addDiskFault(broker, { target: 'file', kind: 'fail' });
    await addDiskFault(broker, { target: 'segment', op: 'fsync', code: 'EIO' });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const old = String(Date.now() - 2 * 3_600_000);
    await producer.send({ topic, messages: [0, 1, 2].map((i) => ({ partition: 0, value: `old-${i}`, timestamp: old })) });
    await producer.send({ topic, messages: [{ partition: 0, value: 'new' }] });

    await eventually(() => (broker.output().stderr.includes('retention failed') ? true : undefined), 10_000, 'retention failure logged');
    await eventually(() => (broker.output().stderr.includes('fsync failed') ? true : undefined), 10_000, 'fsync failure logged');
    await new Promise((r) => setTimeout(r, 300)); // a few more failing ticks
    expect(broker.child.exitCode).toBeNull();
    const [before] = await admin.fetchTopicOffsets(topic);
    expect([before.low, before.high]).toEqual(['0', '4']);

    await clearDiskFaults(broker);
    await eventually(async () => ((await admin.fetchTopicOffsets(topic))[0].low === '3' ? true : undefined), 10_000, 'retention to run');
    expect(broker.child.exitCode).toBeNull();
    await producer.disconnect();
    await admin.disconnect();
  });
});
